import { createCharge } from "../billing/charge.js";
import type { Charge, ChargeSource } from "../billing/schemas.js";
import { EngineError } from "../errors.js";
import type { Appointment, AppointmentStatus, Money } from "../model.js";
import { restorePackageSession, usePackageSession } from "../packages/use.js";
import type { TransitionContext } from "./context.js";
import type { TransitionError, TransitionEvent } from "./events.js";
import type { AppointmentAction } from "./table.js";

/** One transition being worked out. */
export interface Step {
  appointment: Appointment;
  ctx: TransitionContext;
  from: AppointmentStatus;
  to: AppointmentStatus;
  action: AppointmentAction;
  nowMs: number;
}

function required(value: string | undefined, field: string): string {
  if (value !== undefined) return value;
  const message = "is needed to add charges to this visit";
  throw new EngineError("INVALID_INPUT", `${field}: ${message}`, [{ field, message }]);
}

/**
 * The visit's provider: `billingProviderId`, else the first calendar of the visit that
 * `context.calendars` lists as a provider, else `calendarIds[0]`.
 *
 * @example
 * providerOf(step); // "dr-ana" for calendarIds ["room-1", "dr-ana"] with calendars given
 */
export function providerOf(step: Step): string {
  const { appointment, ctx } = step;
  if (ctx.billingProviderId) return ctx.billingProviderId;
  const kinds = new Map((ctx.calendars ?? []).map((c) => [c.id, c.kind]));
  const provider = appointment.calendarIds.find((id) => kinds.get(id) === "provider");
  return provider ?? (appointment.calendarIds[0] as string);
}

function makeCharge(
  step: Step,
  source: ChargeSource,
  index: number,
  line: Pick<Charge, "description" | "unitPrice" | "quantity" | "taxRateBp" | "priceIncludesTax">,
): Charge {
  const { appointment, ctx } = step;
  const id = ctx.makeId
    ? ctx.makeId(source, index)
    : `${appointment.id}:${source}:${step.nowMs.toString(36)}:${index}`;
  return createCharge({
    id,
    caseId: required(appointment.caseId ?? ctx.caseId, "appointment.caseId"),
    clientId: required(appointment.clientId, "appointment.clientId"),
    appointmentId: appointment.id,
    ...line,
    billingProviderId: providerOf(step),
    status: "uninvoiced",
    source,
    createdAt: ctx.now,
  });
}

/** Whether a usable package pays for this visit's treatment. */
function packagePays(step: Step): boolean {
  return step.ctx.package !== undefined;
}

/**
 * The service's default billing items as new charges; items a package covers are left out when
 * the visit is paid by a package.
 *
 * @example
 * arrivalEvents(step); // [{ type: "charges_added", reason: "arrival", charges: [...] }]
 */
export function arrivalEvents(step: Step): TransitionEvent[] {
  const { service } = step.ctx;
  const items = service.billingItems ?? [
    {
      description: service.name,
      unitPrice: service.price,
      quantity: 1,
      taxRateBp: service.taxRateBp,
      priceIncludesTax: true,
      coveredByPackage: true,
    },
  ];
  const charges = items
    .filter((item) => !(item.coveredByPackage && packagePays(step)))
    .map((item, i) =>
      makeCharge(step, "arrival", i, {
        description: item.description,
        unitPrice: item.unitPrice,
        quantity: item.quantity,
        taxRateBp: item.taxRateBp,
        priceIncludesTax: item.priceIncludesTax,
      }),
    );
  return charges.length > 0 ? [{ type: "charges_added", reason: "arrival", charges }] : [];
}

/**
 * A cancellation or no-show fee as a new charge.
 *
 * @example
 * feeEvents(step, "no_show_fee", { amount: 3000, currency: "EUR" }); // one charges_added event
 */
export function feeEvents(
  step: Step,
  source: "cancellation_fee" | "no_show_fee",
  fee: Money | null,
): TransitionEvent[] {
  if (!fee) return [];
  const label = source === "cancellation_fee" ? "Late cancellation fee" : "No-show fee";
  const charge = makeCharge(step, source, 0, {
    description: `${label}: ${step.ctx.service.name}`,
    unitPrice: fee,
    quantity: 1,
    taxRateBp: step.ctx.service.feeTaxRateBp,
    priceIncludesTax: true,
  });
  return [{ type: "charges_added", reason: source, charges: [charge] }];
}

/**
 * Undoes charges a forward step added: uninvoiced ones are voided; invoiced ones cannot be, so a
 * `credit_note_needed` event names them for staff.
 *
 * @example
 * undoCharges(step, ["arrival"]); // [{ type: "charges_voided", charges }] and/or credit_note_needed
 */
export function undoCharges(
  step: Step,
  sources: readonly ChargeSource[],
  only: (charge: Charge) => boolean = () => true,
): TransitionEvent[] {
  const mine = step.ctx.charges.filter(
    (c) =>
      c.appointmentId === step.appointment.id &&
      sources.includes(c.source) &&
      c.status !== "void" &&
      only(c),
  );
  const voided = mine
    .filter((c) => c.status === "uninvoiced")
    .map((c): Charge => ({ ...c, status: "void" }));
  const invoiced = mine.filter((c) => c.status === "invoiced");
  const events: TransitionEvent[] = [];
  if (voided.length > 0) events.push({ type: "charges_voided", charges: voided });
  if (invoiced.length > 0) {
    events.push({
      type: "credit_note_needed",
      chargeIds: invoiced.map((c) => c.id),
      invoiceIds: [...new Set(invoiced.map((c) => c.invoiceId as string))],
    });
  }
  return events;
}

function packageFailure(
  step: Step,
  error: import("../packages/use.js").PackageError,
): TransitionError {
  return {
    code: "PACKAGE_UNUSABLE",
    from: step.from,
    action: step.action,
    message: error.message,
    packageError: error,
  };
}

/**
 * Refuses arrival with a package that could not pay for the visit.
 *
 * @example
 * checkPackage(step); // null, or { code: "PACKAGE_UNUSABLE", packageError: {...} }
 */
export function checkPackage(step: Step): TransitionError | null {
  const pkg = step.ctx.package;
  if (!pkg) return null;
  const result = usePackageSession(pkg, useFor(step, "attended"));
  return result.ok ? null : packageFailure(step, result.error);
}

function useFor(step: Step, kind: "attended" | "no_show") {
  const { appointment } = step;
  return {
    appointmentId: appointment.id,
    at: appointment.start,
    therapistId: providerOf(step),
    clientId: required(appointment.clientId, "appointment.clientId"),
    serviceId: appointment.serviceId,
    kind,
  };
}

/**
 * Takes a session from the visit's package; a no-show only under a `deduct` rule.
 *
 * @example
 * deductPackage(step, "attended"); // [{ type: "package_deducted", ... }] or a TransitionError
 */
export function deductPackage(
  step: Step,
  kind: "attended" | "no_show",
): TransitionEvent[] | TransitionError {
  const pkg = step.ctx.package;
  if (!pkg) return [];
  if (kind === "no_show" && pkg.noShowRule !== "deduct") return [];
  const result = usePackageSession(pkg, useFor(step, kind));
  if (!result.ok) return packageFailure(step, result.error);
  return [
    { type: "package_deducted", packageId: pkg.id, use: result.use, package: result.package },
  ];
}

/**
 * Gives back the session this visit took from its package, if it took one.
 *
 * @example
 * restorePackage(step); // [{ type: "package_restored", ... }] or []
 */
export function restorePackage(step: Step): TransitionEvent[] {
  const pkg = step.ctx.package;
  if (!pkg) return [];
  const result = restorePackageSession(pkg, step.appointment.id);
  if (!result.ok) return [];
  return [
    { type: "package_restored", packageId: pkg.id, use: result.use, package: result.package },
  ];
}

/**
 * Takes back the arrival charges a package covers, for a visit that arrived before the package
 * was attached and is completed with it: uninvoiced ones are voided, invoiced ones flagged for a
 * credit note. Without `billingItems` the one arrival line is the treatment (covered); with them,
 * a charge is covered when its description is that of a covered item and of no uncovered one.
 *
 * @example
 * coveredChargesEvents(step); // [{ type: "charges_voided", charges: [the session line] }]
 */
export function coveredChargesEvents(step: Step): TransitionEvent[] {
  const items = step.ctx.service.billingItems;
  if (!items) return undoCharges(step, ["arrival"]);
  const covered = new Set(items.filter((i) => i.coveredByPackage).map((i) => i.description));
  const extras = new Set(items.filter((i) => !i.coveredByPackage).map((i) => i.description));
  return undoCharges(
    step,
    ["arrival"],
    (c) => covered.has(c.description) && !extras.has(c.description),
  );
}
