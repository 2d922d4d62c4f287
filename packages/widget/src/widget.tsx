import type { Signal } from "@preact/signals";
import type { JSX } from "preact";
import { useMemo, useRef, useState } from "preact/hooks";
import { type ApiClient, createApiClient } from "./api/client.js";
import { startEarly, takeEarly } from "./api/early.js";
import type { Clinic, ClinicResponse } from "./api/types.js";
import { BookingApp } from "./booking/booking-app.js";
import { PaymentPart } from "./booking/payment-part.js";
import { Lazy, loadChunk } from "./chunks/load.js";
import { Ctx, createAnnouncer, type WidgetContext } from "./context.js";
import { createI18n, languageOf, resolveLocale } from "./i18n/index.js";
import { bootTexts, loadMessages } from "./i18n/load.js";
import type { Messages } from "./i18n/messages.js";
import type { WidgetEvent, WidgetOptions } from "./options.js";
import { applyStyles } from "./theme/styles.js";
import { ErrorMessage, useAsync } from "./ui/common.js";

let instances = 0;

/**
 * The manage token of this page view: the option, else `?bookwell-manage=` in the page URL.
 *
 * @example
 * manageTokenFor({ api: "/api" }, "?bookwell-manage=abc"); // "abc"
 */
export function manageTokenFor(options: WidgetOptions, search: string): string | null {
  if (options.manageToken) return options.manageToken;
  if (options.readManageTokenFromUrl === false) return null;
  return new URLSearchParams(search).get("bookwell-manage");
}

function pageLanguage(host: HTMLElement): string | undefined {
  return host.closest("[lang]")?.getAttribute("lang") || undefined;
}

function browserLanguages(): readonly string[] {
  return typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
}

/**
 * One widget: loads the clinic, then shows the booking flow or the manage page, with its own live
 * region and ids, so several widgets on one page never interfere.
 *
 * @example
 * render(<Widget options={{ api: "/api" }} host={element} />, container);
 */
export function Widget(props: { options: WidgetOptions; host: HTMLElement }): JSX.Element {
  const { options } = props;
  const prefix = useMemo(() => {
    instances += 1;
    return `bw${instances}-`;
  }, []);
  const announcer = useMemo(createAnnouncer, []);
  // The screen's language, read by the API client on each request (Accept-Language).
  const screenLocale = useRef<string | undefined>(undefined);
  const api = useMemo<ApiClient | null>(
    () =>
      options.api
        ? createApiClient({
            api: options.api,
            clinic: options.clinic,
            fetch: options.fetch,
            locale: () => screenLocale.current,
          })
        : null,
    [options.api, options.clinic, options.fetch],
  );
  const title = Math.min(5, Math.max(2, options.headingLevel ?? 2));
  const token = manageTokenFor(options, typeof location === "undefined" ? "" : location.search);
  // "Book again" after a cancel on the manage page: the booking flow, with that service chosen.
  const [again, setAgain] = useState<string | undefined>(undefined);
  // No locale option: the page's own language (the nearest `lang` attribute around the widget)
  // comes first, then the clinic's, then the browser's (navigator.languages).
  const wanted = options.locale ?? pageLanguage(props.host);
  const requested = resolveLocale(wanted, undefined, browserLanguages());
  const likely = languageOf(requested) ?? "en";
  // Start loading the likely language while the clinic loads.
  useMemo(() => loadMessages(likely), [likely]);
  // Everything the first screen needs starts now, during the first render and in parallel: the
  // clinic, the catalog in the likely language, and the page's next part — the manage page, or
  // the time step. The details step's chunk is not needed for the first time button: the time
  // step starts it once its times are on screen, or when a time is chosen (decision 0026).
  useMemo(() => {
    if (!api) return;
    startEarly(api, "clinic", api.getClinic());
    // The catalog's answer depends on the language alone (its key in BookingApp).
    if (!token) startEarly(api, likely, api.getServices(undefined, likely));
    loadChunk(token ? "manage" : "times").catch(() => undefined);
    if (!token && options.payment) loadChunk("payment").catch(() => undefined);
  }, [api, token]);
  const [clinic, reload] = useAsync<Clinic | null>(
    (signal) =>
      api
        ? (takeEarly<ClinicResponse>(api, "clinic") ?? api.getClinic(signal)).then((r) => r.clinic)
        : Promise.resolve(null),
    [api],
  );
  const locale =
    clinic.status === "ready" && clinic.data
      ? resolveLocale(wanted, clinic.data.locale, browserLanguages())
      : requested;
  const language = languageOf(locale) ?? "en";
  screenLocale.current = locale;
  const [messages] = useAsync(() => loadMessages(language), [language]);
  // The last texts loaded stay in use while another language loads, so a language switch
  // re-renders the flow in place instead of unmounting it behind a loading line.
  const texts = useRef<Messages | null>(null);
  if (messages.status === "ready") texts.current = messages.data;
  const loaded = texts.current;
  const fallback = createI18n(requested, "UTC", bootTexts(), options.messages);
  const ctx = useMemo<WidgetContext | null>(() => {
    if (!api || clinic.status !== "ready" || !clinic.data || !loaded) return null;
    return {
      options,
      api,
      clinic: clinic.data,
      i18n: createI18n(locale, clinic.data.timeZone, loaded, options.messages),
      now: options.now ?? Date.now,
      status: announcer.status,
      announce: announcer.announce,
      emit(event: WidgetEvent) {
        options.onEvent?.(event);
        props.host.dispatchEvent(
          new CustomEvent(`bookwell:${event.type}`, {
            detail: event,
            bubbles: true,
            composed: true,
          }),
        );
      },
      slotCache: new Map(),
      addStyles(css: string) {
        const root = props.host.shadowRoot;
        if (root) applyStyles(root, options.nonce, css);
      },
      level: { title, step: title + 1, sub: title + 2 },
      id: (suffix: string) => `${prefix}${suffix}`,
    };
  }, [api, clinic, loaded, options]);

  const i18n = ctx?.i18n ?? fallback;
  const managing = token !== null && again === undefined;
  const TitleTag = `h${title}` as "h2";
  const titleId = `${prefix}title`;
  let body: JSX.Element;
  if (!api) {
    body = (
      <div class="bw-alert bw-alert-error" role="alert">
        <p>{i18n.m.errorNotConfigured}</p>
      </div>
    );
  } else if (clinic.status === "error") {
    body = (
      <Ctx.Provider value={{ i18n } as WidgetContext}>
        <ErrorMessage error={clinic.error} onRetry={reload} />
      </Ctx.Provider>
    );
  } else if (!ctx) {
    body = (
      <p class="bw-loading">
        <span class="bw-spinner" aria-hidden="true" />
        {i18n.m.loading}
      </p>
    );
  } else {
    body = (
      <Ctx.Provider value={ctx}>
        {managing && token ? (
          <Lazy chunk="manage">
            {(m) => <m.ManageApp token={token} onBookAgain={setAgain} Payment={PaymentPart} />}
          </Lazy>
        ) : (
          <BookingApp service={again} />
        )}
      </Ctx.Provider>
    );
  }

  return (
    <section class="bw" lang={i18n.locale} aria-labelledby={titleId}>
      <TitleTag class="bw-title" id={titleId}>
        {managing ? i18n.m.manageTitle : i18n.m.title}
        {ctx ? <span class="bw-clinic"> · {ctx.clinic.name}</span> : null}
      </TitleTag>
      <LiveRegion status={announcer.status} />
      {body}
    </section>
  );
}

function LiveRegion(props: { status: Signal<string> }): JSX.Element {
  return (
    <div role="status" class="bw-sr">
      {props.status.value}
    </div>
  );
}
