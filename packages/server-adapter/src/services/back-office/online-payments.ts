// Online prepayment of a visit through the configured payment provider. The widget asks for an
// intent with the visit's manage token, the patient pays at the provider, and the payment is
// recorded only when the provider says so — by a signed webhook or a server-side confirm —, once
// per intent whatever arrives twice. These flows call the provider outside any transaction, then
// record the money with a command (src/commands/back-office/online-payments.ts).

import { randomId } from "../../auth/api-keys.js";
import { settleIntent } from "../../commands/back-office/online-payments.js";
import type { UnitOfWork } from "../../commands/unit-of-work.js";
import { runCommand } from "../../commands/unit-of-work.js";
import { BookwellError } from "../../errors.js";
import type { PaymentIntentRecord } from "../../storage/back-office.js";
import type { ClinicRecord } from "../../storage/storage.js";
import { byToken } from "../bookings.js";
import type { RequestContext } from "../context.js";
import { dueOnline, paidOf } from "../online-payment-rule.js";
import { priceOf } from "../present.js";
import { requireProvider } from "./config.js";
import { type PaymentProvider, type ProviderCardForm, providerFailed } from "./payment-provider.js";

/** What the widget needs to take the payment. */
export interface IntentView {
  intentId: string;
  provider: string;
  status: PaymentIntentRecord["status"];
  amount: { amount: number; currency: string };
  /** `full` = what is left of the price, `deposit` = the service's deposit (the rest at the clinic). */
  kind?: "full" | "deposit";
  clientSecret?: string;
  /** The card form the page shows with `clientSecret` (Stripe's Payment Element). */
  cardForm?: ProviderCardForm;
}

/**
 * Creates a payment intent for what is still due online on a visit found by its manage token: the
 * service's online payment rule (full price, deposit; no rule = full price) less what was paid for
 * it, computed by `dueOnline`.
 *
 * @example
 * const view = await createVisitIntent(ctx, token);
 */
export async function createVisitIntent(ctx: RequestContext, token: string): Promise<IntentView> {
  const provider = requireProvider(ctx.app.storage);
  const visit = await byToken(ctx, token);
  if (!visit.clientId) throw new BookwellError("CONFLICT", "This visit has no client to pay");
  if (visit.status === "canceled" || visit.status === "rebooked") {
    throw new BookwellError("CONFLICT", `A ${visit.status} visit cannot be paid`);
  }
  const service = await ctx.app.storage.getService(ctx.clinic.id, visit.serviceId);
  const price = priceOf(visit, service);
  const { paid } = paidOf(
    await ctx.app.storage.listPayments(ctx.clinic.id, { appointmentId: visit.id }),
  );
  const owed = dueOnline(service, price, paid);
  if (!owed) throw new BookwellError("CONFLICT", "This visit is not paid online");
  if (owed.due.amount <= 0) {
    throw new BookwellError("CONFLICT", "Nothing is left to pay for this visit");
  }
  const id = randomId("pi");
  const amount = owed.due;
  const created = await provider
    .createIntent({
      amount,
      description: `${ctx.clinic.name}: ${service?.name ?? "visit"} ${visit.start.slice(0, 10)}`,
      metadata: { clinicId: ctx.clinic.id, appointmentId: visit.id, intentId: id, kind: owed.kind },
      idempotencyKey: `bookwell:${ctx.clinic.id}:${id}`,
    })
    .catch(providerFailed);
  const record = await ctx.app.storage.insertPaymentIntent(ctx.clinic.id, {
    id,
    provider: provider.name,
    providerIntentId: created.providerIntentId,
    // Only a webhook or a confirm records the money, whatever the provider said at creation.
    status: "requires_payment",
    amount,
    appointmentId: visit.id,
    clientId: visit.clientId,
  });
  return {
    intentId: record.id,
    provider: provider.name,
    status: record.status,
    amount,
    kind: owed.kind,
    ...(created.clientSecret ? { clientSecret: created.clientSecret } : {}),
    ...(created.clientSecret && provider.cardForm ? { cardForm: provider.cardForm } : {}),
  };
}

/**
 * Confirms an intent at the provider (server-side confirmation) and records the payment when it
 * succeeded. With a provider whose card form confirms in the page (`cardForm`) and no payment
 * method, it reads the intent's status at the provider instead: the browser's word that the card
 * was accepted is never taken.
 *
 * @example
 * await confirmVisitIntent(ctx, token, "pi_1", "pm_card_visa");
 */
export async function confirmVisitIntent(
  ctx: RequestContext,
  token: string,
  intentId: string,
  paymentMethod: string | undefined,
): Promise<IntentView> {
  const provider = requireProvider(ctx.app.storage);
  const visit = await byToken(ctx, token);
  const intent = await ctx.app.storage.getPaymentIntent(ctx.clinic.id, intentId);
  if (!intent || intent.appointmentId !== visit.id) {
    throw new BookwellError("NOT_FOUND", `No payment intent ${intentId} for this visit`);
  }
  let status = intent.status;
  if (status !== "succeeded") {
    // The card form confirmed in the page: read the intent's status, do not confirm it again.
    const read =
      !paymentMethod && provider.cardForm ? provider.retrieve?.bind(provider) : undefined;
    const result = await (read
      ? read({ providerIntentId: intent.providerIntentId })
      : provider.confirm({
          providerIntentId: intent.providerIntentId,
          ...(paymentMethod ? { paymentMethod } : {}),
          idempotencyKey: `bookwell:${ctx.clinic.id}:${intent.id}:confirm`,
        })
    ).catch(providerFailed);
    if (result.status === "succeeded") {
      const settle = (work: UnitOfWork) => settleIntent(work, intent.id, result.reference);
      status = (await runCommand(ctx, settle)).status;
    } else if (result.status === "failed" || result.status === "canceled") {
      status = (
        await ctx.app.storage.updatePaymentIntent(ctx.clinic.id, intent.id, {
          status: result.status,
        })
      ).status;
    }
  }
  return { intentId: intent.id, provider: intent.provider, status, amount: intent.amount };
}

/**
 * Handles a provider webhook: verifies its signature, then settles (or marks failed) the intent it
 * names, in the intent's own clinic. Unknown intents and other events are acknowledged and ignored.
 *
 * @example
 * const outcome = await handleWebhook(ctx, "stripe", rawBody, headers);
 */
export async function handleWebhook(
  ctx: RequestContext,
  providerName: string,
  rawBody: string,
  headers: Record<string, string>,
): Promise<{ received: true; intentId: string | null; status: string | null }> {
  const provider = requireProvider(ctx.app.storage);
  if (provider.name !== providerName) {
    throw new BookwellError("NOT_FOUND", `No payment provider ${providerName} on this server`);
  }
  let event: ReturnType<PaymentProvider["verifyWebhook"]>;
  try {
    event = provider.verifyWebhook({ rawBody, headers, now: ctx.now });
  } catch (error) {
    throw new BookwellError(
      "WEBHOOK_SIGNATURE_INVALID",
      error instanceof Error ? error.message : "bad signature",
    );
  }
  if (event.type === "other" || !event.providerIntentId) {
    return { received: true, intentId: null, status: null };
  }
  const intent = await ctx.app.storage.findPaymentIntentByProviderId(
    provider.name,
    event.providerIntentId,
  );
  if (!intent) return { received: true, intentId: null, status: null };
  const clinic = (await ctx.app.storage.getClinic(intent.clinicId)) as ClinicRecord;
  const scoped: RequestContext = { ...ctx, clinic, actor: `payment-provider:${provider.name}` };
  if (event.type === "intent.succeeded") {
    if (
      event.amount &&
      (event.amount.amount !== intent.amount.amount ||
        event.amount.currency !== intent.amount.currency)
    ) {
      throw new BookwellError("CONFLICT", "The provider reports another amount than the intent");
    }
    const settle = (work: UnitOfWork) => settleIntent(work, intent.id, event.reference);
    const settled = await runCommand(scoped, settle);
    return { received: true, intentId: intent.id, status: settled.status };
  }
  if (intent.status === "succeeded") {
    return { received: true, intentId: intent.id, status: intent.status };
  }
  const next = event.type === "intent.failed" ? "failed" : "canceled";
  const updated = await ctx.app.storage.updatePaymentIntent(clinic.id, intent.id, { status: next });
  return { received: true, intentId: intent.id, status: updated.status };
}
