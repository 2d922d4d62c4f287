import { useSignal } from "@preact/signals";
import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { BookwellApiError, newIdempotencyKey } from "../api/client.js";
import type { CreateBookingBody, Service, ServicesResponse, Slot } from "../api/types.js";
import { useWidget } from "../context.js";
import { dayKeyOf } from "../lib/dates.js";
import { forgetRemembered, loadRemembered, rememberKey, saveRemembered } from "../lib/remember.js";
import {
  BackButton,
  ErrorMessage,
  errorText,
  Heading,
  Loading,
  Summary,
  useAsync,
} from "../ui/common.js";
import { CategoryList, ProviderList, ServiceList } from "./choice-steps.js";
import { DetailsForm } from "./details-form.js";
import { DoneStep } from "./done-step.js";
import {
  type BookingFlow,
  cleanPhone,
  createFlow,
  type DetailsErrors,
  type Step,
  stepsFor,
  validateDetails,
} from "./flow.js";
import { HoldTimer } from "./hold-timer.js";
import { PaymentStep } from "./payment-step.js";
import { SlotPicker, whenNoted } from "./slot-picker.js";
import { invalidateSlots, offerNearest, unavailable } from "./slots.js";
import { TakenPanel } from "./taken-panel.js";

/** The form's fields, by the server's name for them (`client.email` or `email`). */
const fieldOf = (name: string) =>
  /^(client\.)?(name|email|phone|notes)$/.exec(name)?.[2] as keyof DetailsErrors | undefined;

/**
 * The patient booking flow: category → service → therapist → day and time (held) → details →
 * payment (optional) → confirmation.
 *
 * @example
 * <BookingApp />
 */
export function BookingApp(): JSX.Element {
  const ctx = useWidget();
  const { api, options } = ctx;
  const [services, reloadServices] = useAsync((signal) => api.getServices(signal), ["services"]);
  if (services.status === "loading") return <Loading />;
  if (services.status === "error")
    return <ErrorMessage error={services.error} onRetry={reloadServices} />;
  return <Flow catalog={services.data} presetProvider={options.provider} />;
}

function Flow(props: {
  catalog: ServicesResponse;
  presetProvider: string | undefined;
}): JSX.Element {
  const ctx = useWidget();
  const { api, i18n, options } = ctx;
  const key = rememberKey(options.api, options.clinic);
  const remembered = useMemo(() => loadRemembered(options.storage, key), [key]);
  const preset = props.catalog.services.find((service) => service.id === options.service) ?? null;
  const categories = options.category
    ? props.catalog.categories.filter((category) => category === options.category)
    : props.catalog.categories.length > 0
      ? props.catalog.categories
      : [...new Set(props.catalog.services.map((service) => service.category))];
  // The steps with a service chosen (or not yet), for a category of `services` services.
  const stepsWith = (chosen: Service | null, services: number, presetService: boolean) =>
    stepsFor({
      presetService,
      presetCategory: Boolean(options.category),
      presetProvider: Boolean(props.presetProvider),
      categories: categories.length,
      services,
      providers: chosen ? chosen.providerIds.length : 2,
      payment: Boolean(options.payment) && (chosen?.price.amount ?? 0) > 0,
    });
  const flow = useMemo<BookingFlow>(() => {
    const first = stepsWith(preset, 0, preset !== null)[0];
    const created = createFlow(first ?? "service");
    created.service.value = preset;
    if (props.presetProvider) created.providerId.value = props.presetProvider;
    if (options.category) created.category.value = options.category;
    if (remembered) {
      created.details.value = { ...created.details.value, ...remembered };
      created.remember.value = true;
    }
    return created;
  }, []);
  const [refresh, setRefresh] = useState(0);
  const [errors, setErrors] = useState<DetailsErrors>({});
  const [errorsVersion, setErrorsVersion] = useState(0);
  const [formError, setFormError] = useState<string | null>(null);
  const busy = useSignal(false);

  const service = flow.service.value;
  const [providers] = useAsync(
    (signal) =>
      service
        ? api.getProviders(service.id, signal)
        : Promise.resolve({ providers: [] as never[] }),
    [service?.id],
  );
  const providerList = providers.status === "ready" ? providers.data.providers : [];
  const providerNames = useMemo(
    () => new Map(providerList.map((provider) => [provider.id, provider.name])),
    [providerList],
  );
  const inCategory = props.catalog.services.filter(
    (s) => !flow.category.value || s.category === flow.category.value,
  );

  const steps = stepsWith(service, inCategory.length, preset !== null);
  if (flow.step.value === "service" && !steps.includes("service"))
    flow.step.value = steps[0] ?? "time";
  const step = flow.step.value;
  const index = steps.indexOf(step);

  // Holds are released when the widget goes away, and when the patient leaves the page.
  useEffect(() => {
    addEventListener("pagehide", releaseHold);
    return () => {
      removeEventListener("pagehide", releaseHold);
      releaseHold();
    };
  }, []);

  function go(next: Step) {
    // The live region is emptied on each step, so "Holding this time…" does not linger there.
    ctx.announce("");
    flow.moved.value = true;
    flow.step.value = next;
  }
  function back() {
    if (step === "details") releaseHold();
    flow.taken.value = null;
    flow.notice.value = null;
    const previous = steps[index - 1];
    if (previous) go(previous);
  }
  function releaseHold() {
    const hold = flow.hold.value;
    flow.hold.value = null;
    if (hold) api.releaseHold(hold.id).catch(() => undefined);
  }
  function invalidate() {
    if (service) invalidateSlots(ctx, service.id);
    setRefresh((n) => n + 1);
  }

  function chooseService(chosen: Service) {
    if (flow.service.value?.id !== chosen.id) {
      flow.service.value = chosen;
      if (!props.presetProvider) flow.providerId.value = "any";
    }
    if (chosen.providerIds.length === 1 && chosen.providerIds[0]) {
      flow.providerId.value = chosen.providerIds[0];
    }
    const after = stepsWith(chosen, inCategory.length, false);
    go(after[after.indexOf("service") + 1] ?? "time");
  }

  function showTaken(wanted: Slot, error: BookwellApiError) {
    invalidate();
    return offerNearest(
      ctx,
      wanted,
      error,
      service?.id ?? "",
      flow.providerId.value,
      undefined,
      (taken, fetched) => {
        // Fetched times only answer the refusal still shown.
        if (!fetched || flow.taken.value?.wanted === wanted) flow.taken.value = taken;
      },
    );
  }

  async function pick(slot: Slot) {
    if (!service) return;
    flow.pendingStart.value = slot.start;
    flow.notice.value = null;
    ctx.announce(i18n.m.holding);
    releaseHold();
    try {
      const { hold } = await api.createHold({
        serviceId: service.id,
        providerId: flow.providerId.value,
        start: slot.start,
      });
      flow.hold.value = hold;
      flow.taken.value = null;
      setFormError(null);
      go("details");
    } catch (error) {
      if (unavailable(error)) {
        await showTaken(slot, error);
      } else {
        flow.notice.value = errorText(i18n, error);
      }
    } finally {
      flow.pendingStart.value = null;
    }
  }

  function holdExpired() {
    flow.hold.value = null;
    flow.notice.value = i18n.m.holdExpired;
    invalidate();
    go("time");
  }

  async function extend() {
    const hold = flow.hold.value;
    if (!hold) return;
    try {
      const response = await api.extendHold(hold.id);
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
    const hold = flow.hold.value;
    if (!service || !hold) return;
    const values = flow.details.value;
    const invalid = validateDetails(values);
    const messages: DetailsErrors = {};
    for (const [field, messageKey] of Object.entries(invalid) as Array<
      [keyof DetailsErrors, keyof typeof i18n.m]
    >) {
      messages[field] = i18n.m[messageKey] as string;
    }
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
      providerId: hold.providerId,
      start: hold.start,
      holdId: hold.id,
      client,
      locale: i18n.locale,
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
        saveRemembered(options.storage, key, {
          name: client.name,
          email: client.email,
          phone: client.phone ?? "",
        });
      } else {
        forgetRemembered(options.storage, key);
      }
      invalidateSlots(ctx, service.id);
      ctx.emit({ type: "booked", booking: result.booking, manageToken: result.manageToken });
      go(steps.includes("payment") && result.booking.price.amount > 0 ? "payment" : "done");
    } catch (error) {
      if (unavailable(error)) {
        flow.hold.value = null;
        go("time");
        await showTaken(
          { start: hold.start, end: hold.end, providerId: hold.providerId, resourceIds: [] },
          error,
        );
      } else if (error instanceof BookwellApiError && error.code === "HOLD_EXPIRED") {
        holdExpired();
      } else if (
        error instanceof BookwellApiError &&
        error.code === "VALIDATION_FAILED" &&
        error.problem.errors
      ) {
        const server: DetailsErrors = {};
        for (const item of error.problem.errors) {
          const field = fieldOf(item.field);
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

  function restart() {
    flow.service.value = preset;
    flow.category.value = options.category ?? null;
    flow.providerId.value = props.presetProvider ?? "any";
    flow.result.value = null;
    flow.paid.value = null;
    flow.taken.value = null;
    flow.notice.value = null;
    if (!flow.remember.value) flow.details.value = { name: "", email: "", phone: "", notes: "" };
    else flow.details.value = { ...flow.details.value, notes: "" };
    go(steps[0] ?? "time");
  }

  const titles: Record<Step, string> = {
    category: i18n.m.chooseCategory,
    service: i18n.m.chooseService,
    provider: i18n.m.chooseProvider,
    time: i18n.m.chooseTime,
    details: i18n.m.detailsHeading,
    payment: i18n.m.paymentHeading,
    done: i18n.m.doneHeading,
  };
  const counted = steps.filter((s) => s !== "done");
  const hold = flow.hold.value;
  const result = flow.result.value;
  const providerLabel = (id: string) =>
    id === "any" ? i18n.m.anyProvider : (providerNames.get(id) ?? "");

  let content: JSX.Element | null = null;
  if (step === "category") {
    content = (
      <CategoryList
        categories={categories}
        selected={flow.category.value}
        onChoose={(category) => {
          flow.category.value = category;
          go("service");
        }}
      />
    );
  } else if (step === "service") {
    content = (
      <ServiceList services={inCategory} selected={service?.id ?? null} onChoose={chooseService} />
    );
  } else if (step === "provider" && service) {
    content =
      providers.status === "loading" ? (
        <Loading />
      ) : providers.status === "error" ? (
        <ErrorMessage error={providers.error} />
      ) : (
        <ProviderList
          providers={providerList}
          selected={flow.providerId.value}
          onChoose={(id) => {
            flow.providerId.value = id;
            go("time");
          }}
        />
      );
  } else if (step === "time" && service) {
    const taken = flow.taken.value;
    content = (
      <>
        <Summary
          rows={[
            [i18n.m.summaryService, `${service.name} · ${i18n.duration(service.durationMinutes)}`],
            service.providerIds.length > 1 || flow.providerId.value !== "any"
              ? [i18n.m.summaryProvider, providerLabel(flow.providerId.value)]
              : null,
          ]}
        />
        {taken ? (
          <TakenPanel
            taken={taken}
            providerNames={providerNames}
            showProvider={flow.providerId.value === "any"}
            pending={flow.pendingStart.value}
            onPick={(slot) => void pick(slot)}
            onDismiss={() => {
              flow.taken.value = null;
            }}
          />
        ) : null}
        <SlotPicker
          key={`${service.id}|${flow.providerId.value}|${refresh}`}
          serviceId={service.id}
          providerId={flow.providerId.value}
          initialDay={taken ? dayKeyOf(taken.wanted.start, ctx.clinic.timeZone) : undefined}
          pending={flow.pendingStart.value}
          limits={service}
          onPick={(slot) => void pick(slot)}
        />
      </>
    );
  } else if (step === "details" && service && hold) {
    content = (
      <>
        <Summary
          rows={[
            [i18n.m.summaryService, service.name],
            [i18n.m.summaryProvider, providerLabel(hold.providerId)],
            [i18n.m.summaryWhen, whenNoted(ctx, hold.start)],
            [i18n.m.summaryDuration, i18n.duration(service.durationMinutes)],
            [
              i18n.m.summaryPrice,
              service.price.amount === 0 ? i18n.m.free : i18n.money(service.price),
            ],
          ]}
        />
        <p class="bw-note">{i18n.t(i18n.m.heldFor, { when: i18n.when(hold.start) })}</p>
        <HoldTimer hold={hold} onExtend={extend} onExpired={holdExpired} />
        <DetailsForm
          values={flow.details}
          remember={flow.remember}
          remembered={remembered !== null}
          rememberKey={key}
          errors={errors}
          errorsVersion={errorsVersion}
          busy={busy.value}
          formError={formError}
          onSubmit={() => void submit()}
        />
      </>
    );
  } else if (step === "payment" && result && options.payment) {
    content = (
      <PaymentStep
        provider={options.payment}
        booking={result.booking}
        manageToken={result.manageToken}
        onDone={(paid, reference) => {
          flow.paid.value = paid;
          if (paid === "paid") {
            ctx.emit({
              type: "paid",
              booking: result.booking,
              ...(reference === undefined ? {} : { reference }),
            });
          }
          go("done");
        }}
      />
    );
  } else if (step === "done" && result) {
    content = (
      <DoneStep
        booking={result.booking}
        manageToken={result.manageToken}
        paid={flow.paid.value}
        onAgain={restart}
      />
    );
  } else {
    // A step without its data (e.g. details after the hold went away): back to the times.
    content = <Loading />;
    queueMicrotask(() => {
      if (flow.step.value === step) flow.step.value = service ? "time" : (steps[0] ?? "service");
    });
  }

  const canGoBack = index > 0 && step !== "done" && step !== "payment";
  return (
    <div class={`bw-step bw-step-${step}`} key={step}>
      {canGoBack ? <BackButton onClick={back} /> : null}
      {step !== "done" && index >= 0 ? (
        <p class="bw-progress">
          {i18n.t(i18n.m.stepOf, { current: index + 1, total: counted.length })}
        </p>
      ) : null}
      <Heading level={ctx.level.step} focus={flow.moved.value}>
        {titles[step]}
      </Heading>
      {flow.notice.value ? (
        <div class="bw-alert bw-alert-warning" role="alert">
          <p>{flow.notice.value}</p>
        </div>
      ) : null}
      {content}
    </div>
  );
}
