import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import { BookwellApiError, newIdempotencyKey } from "../api/client.js";
import { fieldLimits } from "../api/limits.js";
import type { Booking, ManageResponse, Money, Slot, VisitPayment } from "../api/types.js";
import { CalendarLinks, useBookingRows } from "../booking/done-step.js";
import type { TakenState } from "../booking/flow.js";
import type { PaymentPartProps } from "../booking/payment-part.js";
import { SlotPicker } from "../booking/slot-picker.js";
import { invalidateSlots, offerNearest, unavailable } from "../booking/slots.js";
import { TakenPanel } from "../booking/taken-panel.js";
import { whenNoted } from "../booking/when-noted.js";
import { useWidget } from "../context.js";
import type { I18n } from "../i18n/index.js";
import { dayKeyOf } from "../lib/dates.js";
import { stepsStyles, timesStyles } from "../theme/chunk-styles.js";
import {
  BackButton,
  ErrorMessage,
  errorText,
  Heading,
  Loading,
  Summary,
  useAsync,
} from "../ui/common.js";
import { replaceManageToken } from "./manage-link.js";

type Mode =
  | { kind: "view" }
  | { kind: "pick" }
  | { kind: "confirm"; slot: Slot }
  | { kind: "cancel" }
  | { kind: "rescheduled"; booking: Booking }
  | { kind: "canceled"; booking: Booking; fee: Money | null; refund: Money | null }
  | { kind: "pay" };

const ACTIVE = new Set(["booked", "confirmed"]);

/** The manage page's payment sentences (this chunk's own words: the first screen never needs them). */
const PAY_TEXTS = {
  en: {
    deposit: "A deposit of {amount} is due online for this visit; the rest is paid at the clinic.",
    full: "This visit is paid online: {amount} is still due.",
    paid: "Paid online: {amount}.",
    refunded: "{amount} was refunded to your card.",
  },
  pt: {
    deposit: "Esta consulta pede um sinal de {amount} pago online; o restante é pago na clínica.",
    full: "Esta consulta é paga online: faltam {amount}.",
    paid: "Pago online: {amount}.",
    refunded: "Foram reembolsados {amount} no seu cartão.",
  },
  es: {
    deposit: "Esta cita pide un depósito de {amount} en línea; el resto se paga en la clínica.",
    full: "Esta cita se paga en línea: faltan {amount}.",
    paid: "Pagado en línea: {amount}.",
    refunded: "Se han reembolsado {amount} en su tarjeta.",
  },
};

/**
 * A payment sentence of the manage page in the page's language, with the amount.
 *
 * @example
 * payText(i18n, "refunded", { amount: 900, currency: "EUR" }); // "€9.00 was refunded to your card."
 */
export function payText(i18n: I18n, key: keyof (typeof PAY_TEXTS)["en"], amount: Money): string {
  const texts = PAY_TEXTS[i18n.language as keyof typeof PAY_TEXTS] ?? PAY_TEXTS.en;
  return i18n.t(texts[key], { amount: i18n.money(amount) });
}

/** The manage page's stylesheet (the month grid and the form parts). */
export const styles = timesStyles + stepsStyles;

/**
 * The patient-facing name of a booking status (unknown statuses are shown as they come).
 *
 * @example
 * statusText(i18n, "no_show"); // "Missed"
 */
export function statusText(i18n: I18n, status: string): string {
  return (i18n.m.status as Record<string, string | undefined>)[status] ?? status;
}

/**
 * The manage page opened from the e-mailed link: see the visit, move it (same picker as booking)
 * or cancel it with the policy and any fee shown before confirming. A move answers the moved
 * visit's own link: the page adopts it (state and address), so Change and Cancel stay at hand.
 * After a cancel, `onBookAgain` (when given) offers to book the same service again. An online
 * payment the server says is due and unpaid is shown with a Pay button: `Payment` is the booking
 * flow's payment step (its own chunk, loaded when the patient chooses to pay).
 *
 * @example
 * <ManageApp token="k3y…" onBookAgain={(serviceId) => showBooking(serviceId)} Payment={PaymentPart} />
 */
export function ManageApp(props: {
  token: string;
  onBookAgain?: ((serviceId: string) => void) | undefined;
  Payment?: ((props: PaymentPartProps) => JSX.Element) | undefined;
}): JSX.Element {
  const { api } = useWidget();
  const [token, setToken] = useState(props.token);
  const [movedTo, setMovedTo] = useState<Booking | null>(null);
  // Just paid on this page: the page read again takes focus to its heading.
  const [paid, setPaid] = useState(false);
  const [state, reload] = useAsync((signal) => api.getManage(token, signal), [token]);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") {
    const notFound = state.error instanceof BookwellApiError && state.error.status === 404;
    return <ErrorMessage error={state.error} {...(notFound ? {} : { onRetry: reload })} />;
  }
  return (
    <Manage
      key={token}
      token={token}
      data={state.data}
      Payment={props.Payment}
      paid={paid}
      onPaid={() => {
        setPaid(true);
        reload();
      }}
      movedTo={movedTo}
      onMoved={(booking, next) => {
        replaceManageToken(token, next);
        setMovedTo(booking);
        setToken(next);
      }}
      onBookAgain={
        props.onBookAgain &&
        ((serviceId: string) => {
          replaceManageToken(token, null);
          props.onBookAgain?.(serviceId);
        })
      }
    />
  );
}

function Manage(props: {
  token: string;
  data: ManageResponse;
  /** The visit this page just moved (its success line shows above the new visit). */
  movedTo: Booking | null;
  onMoved(booking: Booking, token: string): void;
  onBookAgain: ((serviceId: string) => void) | undefined;
  Payment: ((props: PaymentPartProps) => JSX.Element) | undefined;
  /** True when the page was just read again after a payment. */
  paid: boolean;
  /** After a payment: the page is read again, and shows it paid. */
  onPaid(): void;
}): JSX.Element {
  const ctx = useWidget();
  const { api, i18n } = ctx;
  const { booking } = props.data;
  const [policy, setPolicy] = useState(props.data.policy);
  const [mode, setMode] = useState<Mode>({ kind: "view" });
  const [moved, setMoved] = useState(props.movedTo !== null || props.paid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [taken, setTaken] = useState<TakenState | null>(null);
  const [refresh, setRefresh] = useState(0);
  const reason = useRef("");
  const attempt = useRef<{ key: string; body: string } | null>(null);

  function go(next: Mode) {
    setMoved(true);
    setError(null);
    setMode(next);
  }

  function keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (attempt.current?.body === json) return attempt.current.key;
    attempt.current = { key: newIdempotencyKey(), body: json };
    return attempt.current.key;
  }

  async function reschedule(slot: Slot) {
    setBusy(true);
    setError(null);
    const body = { start: slot.start, providerId: slot.providerId };
    try {
      const response = await api.reschedule(props.token, body, keyFor(body));
      invalidateSlots(ctx, booking.serviceId);
      const next = response.manageToken;
      ctx.emit({
        type: "rescheduled",
        booking: response.booking,
        ...(next ? { manageToken: next } : {}),
      });
      // The old link is read-only now: carry on with the moved visit's own link.
      if (next) {
        ctx.announce(
          i18n.t(i18n.m.rescheduled, {
            date: i18n.dateOf(response.booking.start),
            time: i18n.time(response.booking.start),
          }),
        );
        props.onMoved(response.booking, next);
      } else go({ kind: "rescheduled", booking: response.booking });
    } catch (err) {
      if (unavailable(err)) {
        setRefresh((n) => n + 1);
        go({ kind: "pick" });
        await offerNearest(
          ctx,
          slot,
          err,
          booking.serviceId,
          booking.providerId,
          props.token,
          (taken) =>
            setTaken({
              ...taken,
              alternatives: taken.alternatives?.filter((s) => s.start !== booking.start) ?? null,
            }),
        );
      } else {
        setError(errorText(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    setBusy(true);
    setError(null);
    const body = reason.current.trim() ? { reason: reason.current.trim() } : {};
    try {
      const response = await api.cancel(props.token, body, keyFor(body));
      ctx.emit({ type: "canceled", booking: response.booking, fee: response.fee });
      go({
        kind: "canceled",
        booking: response.booking,
        fee: response.fee,
        refund: response.refund ?? null,
      });
    } catch (err) {
      if (err instanceof BookwellApiError && err.code === "CANCELLATION_NOT_ALLOWED") {
        setError(i18n.m.cannotCancel);
      } else {
        setError(errorText(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  }

  // The fee as of now: "free until" only while that time is still ahead.
  const feeText = policy.cancellationFee
    ? i18n.t(i18n.m.cancelFee, { fee: i18n.money(policy.cancellationFee) })
    : policy.freeUntil && Date.parse(policy.freeUntil) > ctx.now()
      ? i18n.t(i18n.m.cancelFreeUntil, { date: i18n.when(policy.freeUntil) })
      : i18n.m.cancelFree;

  // The policy is fetched again before the cancel step: the free window may have closed since.
  async function openCancel() {
    try {
      setPolicy((await api.getManage(props.token)).policy);
    } catch {
      // Keep the policy we have; the server decides the fee anyway.
    }
    go({ kind: "cancel" });
  }

  const rows = useBookingRows(booking, [[i18n.m.summaryStatus, statusText(i18n, booking.status)]]);
  const active = ACTIVE.has(booking.status);
  const payment = active ? props.data.payment : undefined;
  // What is still due online (the server's figure), when anything is.
  const due = payment && payment.due.amount > 0 ? payment.due : null;
  const errorBox = error ? (
    <div class="bw-alert bw-alert-error" role="alert">
      <p>{error}</p>
    </div>
  ) : null;

  let title = booking.serviceName;
  let body: JSX.Element;
  if (mode.kind === "pick") {
    title = i18n.m.rescheduleHeading;
    body = (
      <>
        <BackButton onClick={() => go({ kind: "view" })} />
        <Summary rows={[[i18n.m.rescheduleFrom, whenNoted(ctx, booking.start)]]} />
        {taken ? (
          <TakenPanel
            taken={taken}
            providerNames={new Map([[booking.providerId, booking.providerName]])}
            showProvider={false}
            pending={busy ? "busy" : null}
            onPick={(slot) => {
              setTaken(null);
              go({ kind: "confirm", slot });
            }}
            onDismiss={() => setTaken(null)}
          />
        ) : null}
        <SlotPicker
          key={refresh}
          serviceId={booking.serviceId}
          providerId={booking.providerId}
          initialDay={dayKeyOf(taken?.wanted.start ?? booking.start, ctx.clinic.timeZone)}
          pending={null}
          token={props.token}
          limits={props.data.bookingWindow}
          onPick={(slot) => go({ kind: "confirm", slot })}
        />
      </>
    );
  } else if (mode.kind === "confirm") {
    title = i18n.m.rescheduleHeading;
    body = (
      <>
        <BackButton onClick={() => go({ kind: "pick" })} />
        <Summary
          rows={[
            [i18n.m.summaryService, booking.serviceName],
            [i18n.m.rescheduleFrom, whenNoted(ctx, booking.start)],
            [i18n.m.rescheduleTo, whenNoted(ctx, mode.slot.start)],
          ]}
        />
        {errorBox}
        <div class="bw-actions">
          <button
            type="button"
            class="bw-button bw-button-primary"
            aria-disabled={busy ? "true" : undefined}
            onClick={() => {
              if (!busy) void reschedule(mode.slot);
            }}
          >
            {i18n.m.rescheduleConfirm}
          </button>
        </div>
      </>
    );
  } else if (mode.kind === "cancel") {
    title = i18n.m.cancelHeading;
    body = (
      <>
        <Summary rows={rows.slice(0, 3)} />
        <p class={policy.cancellationFee ? "bw-alert bw-alert-warning" : "bw-note"}>{feeText}</p>
        <div class="bw-field">
          <label for={ctx.id("cancel-reason")}>
            {i18n.m.cancelReason}
            <span class="bw-optional"> ({i18n.m.optional})</span>
          </label>
          <textarea
            id={ctx.id("cancel-reason")}
            rows={2}
            maxLength={fieldLimits.cancelReason}
            onInput={(event) => {
              reason.current = (event.currentTarget as HTMLTextAreaElement).value;
            }}
          />
        </div>
        {errorBox}
        <div class="bw-actions">
          <button
            type="button"
            class="bw-button bw-button-danger"
            aria-disabled={busy ? "true" : undefined}
            onClick={() => {
              if (!busy) void cancel();
            }}
          >
            {i18n.m.confirmCancel}
          </button>
          <button type="button" class="bw-button" onClick={() => go({ kind: "view" })}>
            {i18n.m.keepAppointment}
          </button>
        </div>
      </>
    );
  } else if (mode.kind === "pay" && payment && props.Payment) {
    title = i18n.m.paymentHeading;
    const { Payment } = props;
    body = (
      <>
        <BackButton onClick={() => go({ kind: "view" })} />
        <Summary rows={rows.slice(0, 3)} />
        <Payment
          asked={{ kind: payment.kind, amount: payment.due }}
          booking={booking}
          manageToken={props.token}
          onDone={(paid, reference) => {
            if (paid === "paid") {
              ctx.emit({
                type: "paid",
                booking,
                ...(reference === undefined ? {} : { reference }),
              });
              ctx.announce(payText(i18n, "paid", payment.total));
            }
            props.onPaid();
          }}
        />
      </>
    );
  } else if (mode.kind === "rescheduled") {
    title = booking.serviceName;
    body = (
      <>
        <p class="bw-alert bw-alert-success">
          {i18n.t(i18n.m.rescheduled, {
            date: i18n.dateOf(mode.booking.start),
            time: i18n.time(mode.booking.start),
          })}
        </p>
        <BookingSummary booking={mode.booking} />
        <div class="bw-actions">
          <CalendarLinks token={props.token} booking={mode.booking} />
        </div>
      </>
    );
  } else if (mode.kind === "canceled") {
    title = booking.serviceName;
    body = (
      <>
        <p class="bw-alert bw-alert-success">{i18n.m.canceled}</p>
        {mode.fee && mode.fee.amount > 0 ? (
          <p>{i18n.t(i18n.m.canceledFee, { fee: i18n.money(mode.fee) })}</p>
        ) : null}
        {mode.refund ? <p>{payText(i18n, "refunded", mode.refund)}</p> : null}
        <BookingSummary booking={mode.booking} />
        {props.onBookAgain ? (
          <div class="bw-actions">
            <button
              type="button"
              class="bw-button bw-button-primary"
              onClick={() => props.onBookAgain?.(mode.booking.serviceId)}
            >
              {i18n.m.bookAgain}
            </button>
          </div>
        ) : null}
      </>
    );
  } else {
    const movedTo = props.movedTo;
    body = (
      <>
        {movedTo ? (
          <p class="bw-alert bw-alert-success">
            {i18n.t(i18n.m.rescheduled, {
              date: i18n.dateOf(movedTo.start),
              time: i18n.time(movedTo.start),
            })}
          </p>
        ) : null}
        <Summary rows={rows} />
        <PaymentNote payment={payment} refund={props.data.refund} />
        {policy.canCancel && active ? <p class="bw-note">{feeText}</p> : null}
        {active && !policy.canReschedule ? <p class="bw-note">{i18n.m.cannotReschedule}</p> : null}
        {active && !policy.canCancel ? (
          <p class="bw-note">
            {i18n.m.cannotCancel}
            {/* The server words its reason in English only. */}
            {policy.reason && i18n.language === "en" ? ` ${policy.reason}` : ""}
          </p>
        ) : null}
        <div class="bw-actions">
          {due && props.Payment ? (
            <button
              type="button"
              class="bw-button bw-button-primary"
              onClick={() => go({ kind: "pay" })}
            >
              {i18n.t(i18n.m.payNow, { amount: i18n.money(due) })}
            </button>
          ) : null}
          {active && policy.canReschedule ? (
            <button
              type="button"
              class={due ? "bw-button" : "bw-button bw-button-primary"}
              onClick={() => go({ kind: "pick" })}
            >
              {i18n.m.reschedule}
            </button>
          ) : null}
          {active && policy.canCancel ? (
            <button type="button" class="bw-button" onClick={() => void openCancel()}>
              {i18n.m.cancel}
            </button>
          ) : null}
          {active ? <CalendarLinks token={props.token} booking={booking} /> : null}
        </div>
      </>
    );
  }

  return (
    <div class={`bw-step bw-manage-${mode.kind}`} key={mode.kind}>
      <Heading level={ctx.level.step} focus={moved}>
        {title}
      </Heading>
      {body}
    </div>
  );
}

function BookingSummary(props: { booking: Booking }): JSX.Element {
  const { i18n } = useWidget();
  const rows = useBookingRows(props.booking, [
    [i18n.m.summaryStatus, statusText(i18n, props.booking.status)],
  ]);
  return <Summary rows={rows} />;
}

/** What is due online and why, or that it was paid; for a canceled visit, what was refunded. */
function PaymentNote(props: {
  payment: VisitPayment | undefined;
  refund: Money | undefined;
}): JSX.Element | null {
  const { i18n } = useWidget();
  const { payment, refund } = props;
  if (refund) return <p class="bw-note">{payText(i18n, "refunded", refund)}</p>;
  if (!payment) return null;
  if (payment.due.amount > 0) {
    return (
      <p class="bw-alert bw-alert-warning">
        {payText(i18n, payment.kind === "deposit" ? "deposit" : "full", payment.due)}
      </p>
    );
  }
  return <p class="bw-note">{payText(i18n, "paid", payment.paid)}</p>;
}
