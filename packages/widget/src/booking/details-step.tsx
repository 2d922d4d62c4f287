import { useSignal } from "@preact/signals";
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { BookwellApiError, newIdempotencyKey } from "../api/client.js";
import type { CreateBookingBody, IntakeAnswers } from "../api/types.js";
import { useWidget } from "../context.js";
import { forgetRemembered, saveRemembered } from "../lib/remember.js";
import { errorText, Summary } from "../ui/common.js";
import { DetailsForm } from "./details-form.js";
import { cleanPhone, type DetailsErrors, type FlowControls, validateDetails } from "./flow.js";
import { HoldTimer } from "./hold-timer.js";
import { IntakeFields, intakeBody, intakeErrors } from "./intake-fields.js";
import { invalidateSlots, showTaken, unavailable } from "./slots.js";
import { ConsentCheck, TermsNote, termsSentence, termsTexts } from "./terms.js";
import { whenNoted } from "./when-noted.js";

/** The form's fields, by the server's name for them (`client.email` or `email`). */
const fieldOf = (name: string) =>
  /^(client\.)?(name|email|phone|notes)$/.exec(name)?.[2] as keyof DetailsErrors | undefined;

/**
 * The booking's details step: what is held and until when, the cancellation terms of booking it
 * (with the patient's consent when a fee can apply), the patient's details, and the booking
 * itself (idempotent on retry); a taken or expired time goes back to the times.
 *
 * @example
 * <DetailsStep controls={controls} rememberKey={key} remembered={false} />
 */
export function DetailsStep(props: {
  controls: FlowControls;
  rememberKey: string;
  remembered: boolean;
}): JSX.Element | null {
  const ctx = useWidget();
  const { api, i18n, options } = ctx;
  const { controls } = props;
  const { flow, service } = controls;
  const [errors, setErrors] = useState<DetailsErrors>({});
  const [errorsVersion, setErrorsVersion] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [answers, setAnswers] = useState<IntakeAnswers>({ answers: {}, consents: [] });
  const busy = useSignal(false);
  const hold = flow.hold.value;
  if (!hold) return null;
  const terms = hold.terms;
  const termsId = ctx.id("terms");

  function holdExpired() {
    flow.hold.value = null;
    flow.notice.value = i18n.m.holdExpired;
    controls.invalidate();
    controls.go("time");
  }

  async function extend() {
    const current = flow.hold.value;
    if (!current) return;
    try {
      const response = await api.extendHold(current.id);
      flow.hold.value = response.hold;
      const minutes = Math.max(
        1,
        Math.round((Date.parse(response.hold.expiresAt) - ctx.now() - api.clockOffset()) / 60_000),
      );
      ctx.announce(i18n.plural(i18n.m.holdExtended, minutes));
    } catch (error) {
      if (
        error instanceof BookwellApiError &&
        (error.status === 404 || error.code === "HOLD_EXPIRED")
      ) {
        holdExpired();
      } else {
        ctx.announce(errorText(i18n, error));
      }
    }
  }

  async function submit() {
    const current = flow.hold.value;
    if (!current) return;
    const values = flow.details.value;
    const invalid = validateDetails(values);
    const messages: DetailsErrors = {};
    for (const [field, messageKey] of Object.entries(invalid) as Array<
      [keyof DetailsErrors, keyof typeof i18n.m]
    >) {
      messages[field] = i18n.m[messageKey] as string;
    }
    Object.assign(messages, intakeErrors(i18n, service.intake, answers));
    if (terms?.consentRequired && !consent)
      messages.policyConsent = termsTexts(i18n).consentMissing;
    setErrors(messages);
    setFormError(null);
    if (Object.keys(messages).length > 0) {
      setErrorsVersion((n) => n + 1);
      return;
    }
    const client: CreateBookingBody["client"] = {
      name: values.name.trim(),
      email: values.email.trim(),
    };
    const phone = cleanPhone(values.phone);
    if (phone) client.phone = phone;
    if (values.notes.trim()) client.notes = values.notes.trim();
    const body: CreateBookingBody = {
      serviceId: service.id,
      providerId: current.providerId,
      start: current.start,
      holdId: current.id,
      client,
      locale: i18n.locale,
      ...(consent ? { policyConsent: true } : {}),
      ...(service.intake ? { intake: intakeBody(answers) } : {}),
    };
    const json = JSON.stringify(body);
    const idempotencyKey = flow.attempt?.body === json ? flow.attempt.key : newIdempotencyKey();
    flow.attempt = { key: idempotencyKey, body: json };
    busy.value = true;
    try {
      const result = await api.createBooking(body, idempotencyKey);
      flow.hold.value = null;
      flow.attempt = null;
      flow.result.value = result;
      if (flow.remember.value) {
        saveRemembered(options.storage, props.rememberKey, {
          name: client.name,
          email: client.email,
          phone: client.phone ?? "",
        });
      } else {
        forgetRemembered(options.storage, props.rememberKey);
      }
      invalidateSlots(ctx, service.id);
      ctx.emit({ type: "booked", booking: result.booking, manageToken: result.manageToken });
      // The server says what to pay (the script tag); an ESM payment option pays the price.
      const pay =
        controls.steps.includes("payment") &&
        (!!result.payment || (!!options.payment && result.booking.price.amount > 0));
      controls.go(pay ? "payment" : "done");
    } catch (error) {
      if (unavailable(error)) {
        flow.hold.value = null;
        controls.go("time");
        await showTaken(
          ctx,
          controls,
          {
            start: current.start,
            end: current.end,
            providerId: current.providerId,
            resourceIds: [],
          },
          error,
        );
      } else if (error instanceof BookwellApiError && error.code === "HOLD_EXPIRED") {
        holdExpired();
      } else if (error instanceof BookwellApiError && error.code === "POLICY_CONSENT_REQUIRED") {
        // The server's terms say a fee applies from booking: ask for consent by the field.
        setErrors({ policyConsent: termsTexts(i18n).consentMissing });
        setErrorsVersion((n) => n + 1);
      } else if (
        error instanceof BookwellApiError &&
        error.code === "VALIDATION_FAILED" &&
        error.problem.errors
      ) {
        const server: DetailsErrors = {};
        for (const item of error.problem.errors) {
          const field = item.field.startsWith("intake.") ? item.field : fieldOf(item.field);
          if (field) server[field] = item.message;
        }
        if (Object.keys(server).length > 0) {
          setErrors(server);
          setErrorsVersion((n) => n + 1);
        } else {
          setFormError(errorText(i18n, error));
        }
      } else {
        setFormError(errorText(i18n, error));
      }
    } finally {
      busy.value = false;
    }
  }

  return (
    <>
      <Summary
        rows={[
          [i18n.m.summaryService, service.name],
          [i18n.m.summaryProvider, controls.providerLabel(hold.providerId)],
          [i18n.m.summaryWhen, whenNoted(ctx, hold.start)],
          [i18n.m.summaryDuration, i18n.duration(service.durationMinutes)],
          [
            i18n.m.summaryPrice,
            service.price.amount === 0 ? i18n.m.free : i18n.money(service.price),
          ],
        ]}
      />
      <p class="bw-note">{i18n.t(i18n.m.heldFor, { when: i18n.when(hold.start) })}</p>
      <TermsNote text={termsSentence(i18n, terms)} warn={terms?.feeFromBooking} id={termsId} />
      {service.onlinePayment ? (
        <p class="bw-note">
          {i18n.t(
            service.onlinePayment.kind === "deposit" ? i18n.m.depositNote : i18n.m.fullPaymentNote,
            { amount: i18n.money(service.onlinePayment.amount) },
          )}
        </p>
      ) : null}
      <HoldTimer hold={hold} onExtend={extend} onExpired={holdExpired} />
      <DetailsForm
        values={flow.details}
        remember={flow.remember}
        remembered={props.remembered}
        rememberKey={props.rememberKey}
        errors={errors}
        errorsVersion={errorsVersion}
        busy={busy.value}
        formError={formError}
        beforeSubmit={
          <>
            {service.intake ? (
              <IntakeFields
                intake={service.intake}
                value={answers}
                onChange={setAnswers}
                errors={errors}
              />
            ) : null}
            {terms?.consentRequired ? (
              <ConsentCheck
                checked={consent}
                onChange={setConsent}
                error={errors.policyConsent}
                termsId={termsId}
              />
            ) : null}
          </>
        }
        onSubmit={() => void submit()}
      />
    </>
  );
}
