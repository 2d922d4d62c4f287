// Back-office options per storage: the online payment provider and the document number series.
// `createBookwellApp` takes no back-office options yet, so they are attached to the storage the
// app is created with (one storage = one deployment).

import { BookwellError } from "../../errors.js";
import type { Storage } from "../../storage/storage.js";
import type { PaymentProvider } from "./payment-provider.js";

/** How a clinic's invoice and credit note numbers look. */
export interface NumberingOptions {
  /** Prefix of invoice numbers for a year; default `INV <year>/`. */
  invoicePrefix?: (year: number) => string;
  /** Prefix of credit note numbers for a year; default `CN <year>/`. */
  creditNotePrefix?: (year: number) => string;
  /** Digits the sequence is padded to; default 5 (`INV 2026/00042`). */
  minDigits?: number;
}

/** Options of the back office. */
export interface BackOfficeOptions {
  /** The provider online prepayments go through (Stripe-like); none = no online payments. */
  paymentProvider?: PaymentProvider;
  numbering?: NumberingOptions;
  /** Days before a package's expiry to nudge the client when the package does not say. */
  nudgeDaysBefore?: number;
}

const options = new WeakMap<Storage, BackOfficeOptions>();

/**
 * Sets the back-office options of a storage (and so of every app created on it): the online
 * payment provider and the numbering series. Returns the storage for chaining.
 *
 * @example
 * import { configureBackOffice, createBookwellApp } from "@bookwell/server-adapter";
 * const storage = configureBackOffice(await createPgliteStorage({ dataDir: "./data" }), {
 *   paymentProvider: myStripeProvider,
 *   numbering: { invoicePrefix: (year) => `FT ${year}/` },
 * });
 * const app = createBookwellApp({ storage });
 */
export function configureBackOffice<S extends Storage>(storage: S, value: BackOfficeOptions): S {
  options.set(storage, { ...value });
  return storage;
}

/**
 * The back-office options of a storage (empty when none were set).
 *
 * @example
 * backOfficeOptions(storage).paymentProvider?.name; // "stripe"
 */
export function backOfficeOptions(storage: Storage): BackOfficeOptions {
  return options.get(storage) ?? {};
}

/** A resolved number series of one document kind and year. */
export interface Series {
  /** The storage counter key, e.g. `invoice:2026`. */
  key: string;
  prefix: string;
  minDigits: number;
}

/**
 * The number series of a document kind in a year.
 *
 * @example
 * seriesFor(storage, "invoice", 2026); // { key: "invoice:2026", prefix: "INV 2026/", minDigits: 5 }
 */
export function seriesFor(storage: Storage, kind: "invoice" | "credit_note", year: number): Series {
  const numbering = backOfficeOptions(storage).numbering ?? {};
  const prefix =
    kind === "invoice"
      ? (numbering.invoicePrefix ?? ((y) => `INV ${y}/`))(year)
      : (numbering.creditNotePrefix ?? ((y) => `CN ${y}/`))(year);
  return { key: `${kind}:${year}`, prefix, minDigits: numbering.minDigits ?? 5 };
}

/**
 * The configured payment provider, or 404 when the clinic takes no online payments.
 *
 * @example
 * const provider = requireProvider(ctx.app.storage); // throws NOT_FOUND without configureBackOffice({ paymentProvider })
 */
export function requireProvider(storage: Storage): PaymentProvider {
  const provider = backOfficeOptions(storage).paymentProvider;
  if (!provider) {
    throw new BookwellError("NOT_FOUND", "Online payments are not set up on this server");
  }
  return provider;
}
