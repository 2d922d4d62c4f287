// Money, dates and labels for printed documents, formatted without `Intl` so that a snapshot prints
// the same bytes on every machine and Node version (ICU's locale data changes between releases).
// Only the digits of a currency's minor unit come from the engine (`currencyMinorDigits`, from
// `Intl`'s currency data), as for every conversion of minor units.

import { clockFor, formatDay, minorUnitsToDecimal, parseInstant } from "@bookwell/engine";

const SYMBOLS: Readonly<Record<string, string>> = {
  EUR: "€",
  GBP: "£",
  USD: "$",
  BRL: "R$",
};

type Style = { group: string; decimal: string; symbolFirst: boolean };

function styleOf(locale: string): Style {
  const language = locale.toLowerCase().split("-")[0] ?? "en";
  if (language === "en") return { group: ",", decimal: ".", symbolFirst: true };
  if (["es", "de", "it", "nl", "da", "id"].includes(language)) {
    return { group: ".", decimal: ",", symbolFirst: false };
  }
  return { group: " ", decimal: ",", symbolFirst: false };
}

/**
 * Formats integer minor units as money for a locale, e.g. `4500` EUR → `45,00 €` (pt) or
 * `€45.00` (en). Deterministic: no locale data from `Intl`.
 *
 * @example
 * formatMoney(123456, "EUR", "pt-PT"); // "1 234,56 €"
 * formatMoney(-500, "USD", "en-US"); // "-$5.00"
 * formatMoney(12345, "BHD", "en"); // "BHD12.345"
 */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const style = styleOf(locale);
  const negative = amount < 0;
  const [whole = "0", fraction] = minorUnitsToDecimal(Math.abs(amount), currency).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  const number = fraction ? `${grouped}${style.decimal}${fraction}` : grouped;
  const symbol = SYMBOLS[currency] ?? currency;
  const body = style.symbolFirst ? `${symbol}${number}` : `${number} ${symbol}`;
  return negative ? `-${body}` : body;
}

/**
 * A tax rate in basis points as a percentage: `2300` → `23%`, `650` → `6.5%`.
 *
 * @example
 * formatRate(2300); // "23%"
 */
export function formatRate(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = Math.abs(basisPoints % 100);
  if (rest === 0) return `${whole}%`;
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%`;
}

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in a time zone.
 *
 * @example
 * localDate("2026-03-09T23:30:00Z", "Europe/Lisbon"); // "2026-03-09"
 */
export function localDate(instant: string, timeZone: string): string {
  const ms = parseInstant(instant);
  if (ms === undefined) return instant;
  return formatDay(clockFor(timeZone).dayOf(ms));
}

/** Words printed on documents, per language. */
export interface Labels {
  invoice: string;
  creditNote: string;
  receipt: string;
  issued: string;
  due: string;
  taxId: string;
  billedTo: string;
  description: string;
  quantity: string;
  unitPrice: string;
  tax: string;
  amount: string;
  net: string;
  total: string;
  taxSummary: string;
  outstanding: string;
  packages: string;
  corrects: string;
  reason: string;
  paymentFor: string;
  method: string;
  reference: string;
  paid: string;
  refunded: string;
  page: string;
  notes: string;
  /** The patient named on a document addressed to a payer. */
  patient: string;
  /** The payer's policy, claim or authorisation number. */
  payerReference: string;
}

const EN: Labels = {
  invoice: "Invoice",
  creditNote: "Credit note",
  receipt: "Receipt",
  issued: "Issued",
  due: "Due",
  taxId: "Tax ID",
  billedTo: "Billed to",
  description: "Description",
  quantity: "Qty",
  unitPrice: "Unit price",
  tax: "Tax",
  amount: "Amount",
  net: "Net",
  total: "Total",
  taxSummary: "Tax summary",
  outstanding: "Balance outstanding",
  packages: "Session packages",
  corrects: "Corrects invoice",
  reason: "Reason",
  paymentFor: "For",
  method: "Method",
  reference: "Reference",
  paid: "Amount paid",
  refunded: "Amount refunded",
  page: "Page",
  notes: "Notes",
  patient: "Patient",
  payerReference: "Policy / authorisation",
};

const PT: Labels = {
  invoice: "Fatura",
  creditNote: "Nota de crédito",
  receipt: "Recibo",
  issued: "Data de emissão",
  due: "Vencimento",
  taxId: "NIF",
  billedTo: "Cliente",
  description: "Descrição",
  quantity: "Qtd.",
  unitPrice: "Preço unit.",
  tax: "IVA",
  amount: "Valor",
  net: "Base",
  total: "Total",
  taxSummary: "Resumo do IVA",
  outstanding: "Saldo em dívida",
  packages: "Pacotes de sessões",
  corrects: "Retifica a fatura",
  reason: "Motivo",
  paymentFor: "Referente a",
  method: "Meio de pagamento",
  reference: "Referência",
  paid: "Valor pago",
  refunded: "Valor devolvido",
  page: "Página",
  notes: "Notas",
  patient: "Paciente",
  payerReference: "Apólice / autorização",
};

const ES: Labels = {
  invoice: "Factura",
  creditNote: "Factura rectificativa",
  receipt: "Recibo",
  issued: "Fecha de emisión",
  due: "Vencimiento",
  taxId: "NIF",
  billedTo: "Cliente",
  description: "Descripción",
  quantity: "Cant.",
  unitPrice: "Precio unit.",
  tax: "IVA",
  amount: "Importe",
  net: "Base",
  total: "Total",
  taxSummary: "Resumen de IVA",
  outstanding: "Saldo pendiente",
  packages: "Bonos de sesiones",
  corrects: "Rectifica la factura",
  reason: "Motivo",
  paymentFor: "Concepto",
  method: "Forma de pago",
  reference: "Referencia",
  paid: "Importe pagado",
  refunded: "Importe devuelto",
  page: "Página",
  notes: "Notas",
  patient: "Paciente",
  payerReference: "Póliza / autorización",
};

/**
 * The document labels for a locale (English, Portuguese, Spanish; English otherwise).
 *
 * @example
 * labelsFor("pt-PT").invoice; // "Fatura"
 */
export function labelsFor(locale: string): Labels {
  const language = locale.toLowerCase().split("-")[0];
  if (language === "pt") return PT;
  if (language === "es") return ES;
  return EN;
}

/** What a package balance line says (the engine's `PackageBalance` fields it reads). */
export interface BalanceForLine {
  sold: number;
  used: number;
  remaining: number;
  refunded: number;
  expired: boolean;
  expiresOn: string | null;
  /** The engine's English line, answered as it is for languages other than pt and es. */
  line: string;
}

const LINES: Record<
  "pt" | "es",
  {
    used(used: number, sold: number): string;
    refunded(n: number): string;
    left(n: number): string;
    expiredOn(day: string): string;
    validUntil(day: string): string;
  }
> = {
  pt: {
    used: (used, sold) => `${used} de ${sold} ${sold === 1 ? "usada" : "usadas"}`,
    refunded: (n) => `${n} ${n === 1 ? "reembolsada" : "reembolsadas"}`,
    left: (n) => `${n === 1 ? "falta" : "faltam"} ${n}`,
    expiredOn: (day) => `expirou a ${day}`,
    validUntil: (day) => `válido até ${day}`,
  },
  es: {
    used: (used, sold) => `${used} de ${sold} ${sold === 1 ? "usada" : "usadas"}`,
    refunded: (n) => `${n} ${n === 1 ? "reembolsada" : "reembolsadas"}`,
    left: (n) => `${n === 1 ? "queda" : "quedan"} ${n}`,
    expiredOn: (day) => `caducó el ${day}`,
    validUntil: (day) => `válido hasta el ${day}`,
  },
};

/**
 * A package's balance line for a receipt, invoice or e-mail in the document's language: the
 * engine's line in English, the same facts in Portuguese and Spanish with the date as people
 * there write it.
 *
 * @example
 * packageBalanceLine({ sold: 10, used: 1, remaining: 9, refunded: 0, expired: false,
 *   expiresOn: "2026-09-30", line: "1 of 10 used, 9 left, valid until 2026-09-30" }, "pt-PT");
 * // "1 de 10 usadas, faltam 9, válido até 30/09/2026"
 */
export function packageBalanceLine(balance: BalanceForLine, locale: string): string {
  const language = locale.toLowerCase().split("-")[0];
  if (language !== "pt" && language !== "es") return balance.line;
  const t = LINES[language];
  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale, {
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date(`${iso}T00:00:00Z`));
  const head = t.used(balance.used, balance.sold);
  if (balance.refunded > 0) return `${head}, ${t.refunded(balance.refunded)}`;
  if (balance.expired && balance.expiresOn)
    return `${head}, ${t.left(balance.remaining)}, ${t.expiredOn(day(balance.expiresOn))}`;
  const until = balance.expiresOn ? `, ${t.validUntil(day(balance.expiresOn))}` : "";
  return `${head}, ${t.left(balance.remaining)}${until}`;
}

const SALE: Record<"pt" | "es", (label: string, sessions: number) => string> = {
  pt: (label, n) => `Pacote: ${label}${label ? " " : ""}(${n} ${n === 1 ? "sessão" : "sessões"})`,
  es: (label, n) => `Bono: ${label}${label ? " " : ""}(${n} ${n === 1 ? "sesión" : "sesiones"})`,
};

/**
 * The description of a package sale's charge (the line on its invoice) in the clinic's language:
 * the engine's English line (`engineLine`) for languages other than pt and es.
 *
 * @example
 * packageSaleLine("10 × Fisioterapia", 10, "pt-PT", "Package: 10 × Fisioterapia (10 sessions)");
 * // "Pacote: 10 × Fisioterapia (10 sessões)"
 */
export function packageSaleLine(
  name: string | undefined,
  sessions: number,
  locale: string,
  engineLine: string,
): string {
  const language = locale.toLowerCase().split("-")[0];
  if (language !== "pt" && language !== "es") return engineLine;
  return SALE[language](name ?? "", sessions);
}
