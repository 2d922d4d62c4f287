import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { takeEarly } from "../api/early.js";
import type { Service, ServicesResponse } from "../api/types.js";
import { Lazy, loadChunk, readyChunk } from "../chunks/load.js";
import { useWidget } from "../context.js";
import { loadRemembered, rememberKey } from "../lib/remember.js";
import { BackButton, ErrorMessage, Heading, Loading, useAsync } from "../ui/common.js";
import { CategoryList, ProviderList, ServiceList } from "./choice-steps.js";
import { type BookingFlow, createFlow, type FlowControls, type Step, stepsFor } from "./flow.js";
import { PaymentPart } from "./payment-part.js";

/**
 * The patient booking flow: category → service → therapist → day and time (held) → details →
 * payment (optional) → confirmation. `service` preselects a service (else the `service` option).
 *
 * @example
 * <BookingApp />
 */
export function BookingApp(props: { service?: string | undefined }): JSX.Element {
  const ctx = useWidget();
  const { api, options, i18n } = ctx;
  // Asked in the widget's language: the clinic's translated names where it has them (a language
  // change mid-booking keeps the patient's place, and these names, until the next load).
  // The catalog's answer depends on the language alone; the widget asked for it early in the
  // language it expected (src/api/early.ts).
  const [services, reloadServices] = useAsync(
    (signal) =>
      takeEarly<ServicesResponse>(api, i18n.language) ?? api.getServices(signal, i18n.language),
    ["services"],
  );
  if (services.status === "loading") return <Loading />;
  if (services.status === "error")
    return <ErrorMessage error={services.error} onRetry={reloadServices} />;
  return (
    <Flow
      catalog={services.data}
      presetService={props.service ?? options.service}
      presetProvider={options.provider}
    />
  );
}

function Flow(props: {
  catalog: ServicesResponse;
  presetService: string | undefined;
  presetProvider: string | undefined;
}): JSX.Element {
  const ctx = useWidget();
  const { api, i18n, options } = ctx;
  const key = rememberKey(options.api, options.clinic);
  const remembered = useMemo(() => loadRemembered(options.storage, key), [key]);
  // The service asked for, else the only one on offer (one category, or the category asked for).
  const inScope =
    options.category || props.catalog.categories.length <= 1
      ? props.catalog.services.filter((s) => !options.category || s.category === options.category)
      : [];
  const preset =
    props.catalog.services.find((service) => service.id === props.presetService) ??
    (inScope.length === 1 ? (inScope[0] ?? null) : null);
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
      payment: Boolean(chosen?.onlinePayment) || (!!options.payment && !!chosen?.price.amount),
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
    // Straight to the times: their first month is asked for now, before the time step renders
    // (so the server works while the page draws; the picker takes the request from the cache).
    // The time step's chunk, asked for with the clinic, is nearly always here by now; if not,
    // the picker asks once it renders.
    if (first === "time" && preset) {
      readyChunk("times")?.askFirstMonth(ctx, preset, created.providerId.value);
    }
    return created;
  }, []);
  const [refresh, setRefresh] = useState(0);

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
  function preloadDetails() {
    loadChunk("steps").catch(() => undefined);
  }
  function invalidate() {
    // Every service's cached times: a time taken or booked can be another service's too (the
    // same therapist or room).
    ctx.slotCache.clear();
    setRefresh((n) => n + 1);
  }

  function chooseCategory(category: string) {
    flow.category.value = category;
    const offered = props.catalog.services.filter((s) => s.category === category);
    if (offered.length === 1 && offered[0]) chooseService(offered[0], 1);
    else go("service");
  }

  function chooseService(chosen: Service, offered = inCategory.length) {
    if (flow.service.value?.id !== chosen.id) {
      flow.service.value = chosen;
      if (!props.presetProvider) flow.providerId.value = "any";
    }
    if (chosen.providerIds.length === 1 && chosen.providerIds[0]) {
      flow.providerId.value = chosen.providerIds[0];
    }
    const after = stepsWith(chosen, offered, false);
    go(after.find((next) => next === "provider" || next === "time") ?? "time");
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
  const controls: FlowControls | null = service
    ? {
        flow,
        service,
        steps,
        providerNames,
        providerLabel,
        go,
        releaseHold,
        invalidate,
        preloadDetails,
      }
    : null;

  let content: JSX.Element | null = null;
  if (step === "category") {
    content = (
      <CategoryList
        categories={categories}
        selected={flow.category.value}
        onChoose={chooseCategory}
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
  } else if (step === "time" && controls) {
    content = (
      <Lazy chunk="times">{(m) => <m.TimeStep controls={controls} refresh={refresh} />}</Lazy>
    );
  } else if (step === "details" && controls && hold) {
    content = (
      <Lazy chunk="steps">
        {(m) => (
          <m.DetailsStep controls={controls} rememberKey={key} remembered={remembered !== null} />
        )}
      </Lazy>
    );
  } else if (step === "payment" && result && (options.payment || result.payment)) {
    content = (
      <PaymentPart
        asked={result.payment}
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
      <Lazy chunk="steps">
        {(m) => (
          <m.DoneStep
            booking={result.booking}
            manageToken={result.manageToken}
            terms={result.terms}
            paid={flow.paid.value}
            asked={result.payment}
            onAgain={restart}
          />
        )}
      </Lazy>
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
