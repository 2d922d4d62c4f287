// "Find a time": the free times of a service over some days, across the chosen provider calendars
// or any available one (GET /v1/staff/slots), listed as buttons; choosing one opens the create
// panel at that time and calendar.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { StaffClient, StaffService, StaffSlot } from "./api.js";
import { staffTextsEn, type Translate, translator } from "./i18n/index.js";
import { addDays } from "./layout.js";
import { PanelActions, ServiceSelect, SidePanel } from "./panel.js";
import { dateLabel } from "./visit-extras.js";

/** What a "find a time" search asks for (kept by the calendar between openings). */
export interface FindQuery {
  serviceId: string;
  from: string;
  to: string;
  /** Empty: any available. */
  calendarIds: string[];
}

/** A provider calendar the search may name. */
export interface FindCalendar {
  id: string;
  name: string;
  disciplines: string[];
}

/** How many times are listed before "Show more". */
const PAGE = 30;

/**
 * The "Find a time" side panel: service, first and last day, any available or chosen calendars;
 * lists the free times (the staff API's `GET /v1/staff/slots`) and hands the chosen one to
 * `onPick`. A remembered `query` is searched again when the panel opens.
 *
 * @example
 * <FindTime client={client} services={services} calendars={providers} day="2026-03-09"
 *   onPick={(slot, serviceId) => openCreate(slot, serviceId)} onClose={close} />
 */
export function FindTime(props: {
  client: StaffClient;
  services: StaffService[];
  calendars: FindCalendar[];
  day: string;
  locale: string | undefined;
  query: FindQuery | null;
  onQuery: (query: FindQuery) => void;
  onPick: (slot: StaffSlot, serviceId: string) => void;
  onClose: () => void;
  /** The screen's texts (default English). */
  t?: Translate | undefined;
}): JSX.Element {
  const t = props.t ?? translator(staffTextsEn);
  const first = props.query;
  const [chosenService, setServiceId] = useState(first?.serviceId ?? "");
  // The services may arrive after the panel opened: the first one until another is chosen.
  const serviceId = chosenService || (props.services[0]?.id ?? "");
  const [from, setFrom] = useState(first?.from ?? props.day);
  const [to, setTo] = useState(first?.to ?? addDays(props.day, 6));
  const [chosen, setChosen] = useState<string[]>(first?.calendarIds ?? []);
  const [any, setAny] = useState((first?.calendarIds ?? []).length === 0);
  const [slots, setSlots] = useState<StaffSlot[] | null>(null);
  const [shown, setShown] = useState(PAGE);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const service = props.services.find((s) => s.id === serviceId);
  const fits = (c: FindCalendar) =>
    !service?.discipline ||
    c.disciplines.length === 0 ||
    c.disciplines.includes(service.discipline);
  const offered = props.calendars.filter(fits);
  const names = new Map(props.calendars.map((c) => [c.id, c.name]));
  const picked = chosen.filter((id) => offered.some((c) => c.id === id));

  async function search(query: FindQuery) {
    setBusy(true);
    setProblem(null);
    props.onQuery(query);
    try {
      const found = await props.client.findSlots(query);
      setSlots(found.slots);
      setShown(PAGE);
    } catch (e) {
      setSlots(null);
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (first) void search(first);
  }, []);

  const valid = /^\d{4}-\d\d-\d\d$/.test(from) && /^\d{4}-\d\d-\d\d$/.test(to) && to >= from;
  const ready = Boolean(serviceId) && valid && (any || picked.length > 0);
  const label = (s: StaffSlot) =>
    `${dateLabel(s.start, props.locale)} ${s.start.slice(11, 16)}–${s.end.slice(11, 16)}, ${names.get(s.providerId) ?? s.providerId}`;
  return (
    <SidePanel id="bw-s-find" title={t("cal.find")} onClose={props.onClose}>
      <form
        class="bw-s-plan"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) void search({ serviceId, from, to, calendarIds: any ? [] : picked });
        }}
      >
        <ServiceSelect
          services={props.services}
          value={serviceId}
          onChange={(id) => {
            setServiceId(id);
            setSlots(null);
          }}
          label={t("book.service")}
        />
        <label>
          {t("find.from")}
          <input
            type="date"
            required
            value={from}
            onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t("find.to")}
          <input
            type="date"
            required
            min={from}
            value={to}
            onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {!valid && <p class="bw-s-meta">{t("find.invalid")}</p>}
        <fieldset>
          <legend>{t("find.calendars")}</legend>
          <label>
            <input type="radio" name="bw-s-find-who" checked={any} onChange={() => setAny(true)} />{" "}
            {t("find.any")}
          </label>
          <label>
            <input
              type="radio"
              name="bw-s-find-who"
              checked={!any}
              onChange={() => setAny(false)}
            />{" "}
            {t("find.chosen")}
          </label>
        </fieldset>
        {!any && (
          <fieldset>
            <legend>{t("find.chosen")}</legend>
            {offered.length === 0 && <span class="bw-s-meta">{t("find.noneOffers")}</span>}
            {offered.map((c) => (
              <label key={c.id}>
                <input
                  type="checkbox"
                  checked={picked.includes(c.id)}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    setChosen((list) => (on ? [...list, c.id] : list.filter((id) => id !== c.id)));
                  }}
                />{" "}
                {c.name}
              </label>
            ))}
          </fieldset>
        )}
        <PanelActions
          submit={t("find.search")}
          close={t("common.close")}
          disabled={!ready || busy}
          onClose={props.onClose}
        />
      </form>
      {problem && (
        <div class="bw-s-error" role="alert">
          {t("find.failed", { error: problem })}
        </div>
      )}
      <div role="status">
        {busy
          ? t("find.searching")
          : slots &&
            (slots.length === 0 ? t("find.none") : t("find.found", { count: slots.length }))}
      </div>
      {slots && slots.length > 0 && (
        <ul class="bw-s-list" aria-label={t("find.results")}>
          {slots.slice(0, shown).map((s) => (
            <li key={`${s.start}@${s.providerId}`}>
              <button type="button" class="bw-s-link" onClick={() => props.onPick(s, serviceId)}>
                {label(s)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {slots && slots.length > shown && (
        <button type="button" class="bw-s-btn" onClick={() => setShown(shown + PAGE)}>
          {t("find.more", { count: slots.length - shown })}
        </button>
      )}
    </SidePanel>
  );
}
