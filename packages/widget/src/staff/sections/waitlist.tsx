// The waitlist section: who waits for what, in line order (`GET /v1/staff/waitlist`, filtered by
// service, therapist and a range of days in the clinic's zone), each patient's contact, wish, time
// on the list and offers; a time offered by hand from the free times the server finds
// (`GET /v1/staff/slots`, checked again by the server when offered), and an entry removed with a
// reason. Which entries want which days, and whether a time is free, are the server's answers.

import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { StaffCalendar, StaffSlot } from "../api.js";
import { type WaitlistTexts, waitlistEn } from "../i18n/sections/waitlist.en.js";
import { waitlistEs } from "../i18n/sections/waitlist.es.js";
import { waitlistPt } from "../i18n/sections/waitlist.pt.js";
import { addDays, todayIn } from "../layout.js";
import type { StaffSectionProps } from "./contract.js";
import { intlLocale, type SectionFormat } from "./format.js";
import {
  Announce,
  SectionFrame,
  textsFor,
  useAction,
  useLoaded,
  useSectionFormat,
} from "./section-kit.js";
import { type WaitlistEntry, type WaitlistFilter, waitlistApi } from "./waitlist-api.js";

/** The most days one search for free times spans (the server allows 62). */
const SEARCH_DAYS = 14;

/**
 * The ISO weekdays (1 = Monday) as short names in a language, joined by commas.
 *
 * @example
 * weekdayNames([2, 4], "en"); // "Tue, Thu"
 */
export function weekdayNames(days: readonly number[], locale: "en" | "pt" | "es"): string {
  const name = new Intl.DateTimeFormat(intlLocale(locale), { weekday: "short", timeZone: "UTC" });
  // 1 January 2024 was a Monday.
  return days.map((d) => name.format(new Date(Date.UTC(2024, 0, d)))).join(", ");
}

/**
 * The waitlist section (params `serviceId`, `providerId`, `from`, `to` preset the filters).
 *
 * @example
 * <WaitlistSection client={client} me={me} locale="en" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{ serviceId: "physio" }} navigate={go} />
 */
export function WaitlistSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: waitlistEn, pt: waitlistPt, es: waitlistEs });
  const api = useMemo(() => waitlistApi(props.client), [props.client]);
  const f = useSectionFormat(props.locale, props.clinic);
  const initial: WaitlistFilter = {
    serviceId: props.params.serviceId ?? "",
    providerId: props.params.providerId ?? "",
    from: props.params.from ?? "",
    to: props.params.to ?? "",
  };
  const [draft, setDraft] = useState<WaitlistFilter>(initial);
  const [applied, setApplied] = useState<WaitlistFilter>(initial);
  const services = useLoaded(() => props.client.services(), "services");
  const calendars = useLoaded(() => props.client.calendars(), "calendars");
  const list = useLoaded(() => api.list(applied), JSON.stringify(applied));
  // A refusal names the form's fields by their labels on this screen.
  const action = useAction({ start: t.freeTimes, providerId: t.therapist, reason: t.reason });
  const providers = (calendars.data ?? []).filter((c) => c.kind === "provider");
  const names = {
    service: (id: string) => services.data?.find((s) => s.id === id)?.name ?? id,
    provider: (id: string) => providers.find((c) => c.id === id)?.name ?? id,
  };
  const set = (key: keyof WaitlistFilter) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value });
  const entries = list.data ?? [];
  return (
    <SectionFrame id="bw-x-waitlist" title={t.title}>
      <form
        aria-label={t.filters}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <label>
          {t.service}
          <select value={draft.serviceId} onChange={set("serviceId")}>
            <option value="">{t.anyService}</option>
            {(services.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <TherapistSelect
          label={t.therapist}
          anyLabel={t.anyTherapist}
          providers={providers}
          value={draft.providerId ?? ""}
          onChange={set("providerId")}
        />
        <label>
          {t.from}
          <input type="date" value={draft.from} onInput={set("from")} />
        </label>
        <label>
          {t.to}
          <input type="date" value={draft.to} onInput={set("to")} />
        </label>
        <button type="submit" class="bw-s-btn bw-s-btn-primary">
          {t.apply}
        </button>
      </form>
      <p role="status">{list.loading ? t.loading : t.count(entries.length)}</p>
      {list.error && <p class="bw-s-error">{list.error}</p>}
      {!list.loading && !list.error && entries.length === 0 && <p>{t.none}</p>}
      <Announce notice={action.notice} />
      {entries.length > 0 && (
        <ol aria-label={t.list} class="bw-x-entries">
          {entries.map((entry, i) => (
            <li key={entry.id}>
              <EntryView
                entry={entry}
                position={i + 1}
                t={t}
                f={f}
                names={names}
                locale={props.locale}
                providers={providers}
                defaults={{
                  from: applied.from || entry.dateFrom || todayIn(props.clinic.timeZone),
                  to: applied.to,
                  providerId:
                    entry.providerId !== "any" ? entry.providerId : applied.providerId || "",
                }}
                findSlots={(q) => props.client.findSlots(q).then((r) => r.slots)}
                busy={action.busy}
                onOffer={async (slot) => {
                  const done = await action.run(
                    () => api.offer(entry.id, { start: slot.start, providerId: slot.providerId }),
                    () => t.offered(entry.client.name, f.dateTime(slot.start)),
                  );
                  if (done) list.reload();
                }}
                onRemove={async (reason) => {
                  const done = await action.run(
                    () => api.remove(entry.id, reason).then(() => true),
                    () => t.removed(entry.client.name),
                  );
                  if (done) list.reload();
                }}
              />
            </li>
          ))}
        </ol>
      )}
    </SectionFrame>
  );
}

function TherapistSelect(props: {
  label: string;
  anyLabel: string;
  providers: StaffCalendar[];
  value: string;
  onChange: (e: Event) => void;
}): JSX.Element {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={props.onChange}>
        <option value="">{props.anyLabel}</option>
        {props.providers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What one entry shows and lets staff do. */
interface EntryProps {
  entry: WaitlistEntry;
  position: number;
  t: WaitlistTexts;
  f: SectionFormat;
  names: { service(id: string): string; provider(id: string): string };
  locale: "en" | "pt" | "es";
  providers: StaffCalendar[];
  defaults: { from: string; to: string | undefined; providerId: string };
  findSlots(q: {
    serviceId: string;
    from: string;
    to: string;
    calendarIds?: string[];
  }): Promise<StaffSlot[]>;
  busy: boolean;
  onOffer(slot: StaffSlot): Promise<void>;
  onRemove(reason: string): Promise<void>;
}

function EntryView(props: EntryProps): JSX.Element {
  const { entry, t, f, names } = props;
  const name = entry.client.name;
  const headingId = `bw-x-wl-${entry.id}`;
  const wish = [
    names.service(entry.serviceId),
    entry.providerId === "any" ? t.anyone : t.with(names.provider(entry.providerId)),
    entry.weekdays?.length ? weekdayNames(entry.weekdays, props.locale) : t.anyDay,
    entry.timeOfDay ? t.between(entry.timeOfDay.from, entry.timeOfDay.to) : undefined,
    entry.dateFrom && entry.dateTo
      ? entry.dateFrom === entry.dateTo
        ? f.date(entry.dateFrom)
        : t.between(f.date(entry.dateFrom), f.date(entry.dateTo))
      : entry.dateFrom
        ? t.datesFrom(f.date(entry.dateFrom))
        : entry.dateTo
          ? t.datesTo(f.date(entry.dateTo))
          : undefined,
  ].filter(Boolean);
  return (
    <article aria-labelledby={headingId}>
      <h3 id={headingId}>{t.position(props.position, name)}</h3>
      <dl class="bw-x-kv">
        <dt>{t.contact}</dt>
        <dd>
          <a href={`mailto:${entry.client.email}`}>{entry.client.email}</a>
          {entry.client.phone && (
            <>
              {" · "}
              <a href={`tel:${entry.client.phone.replace(/\s/g, "")}`}>{entry.client.phone}</a>
            </>
          )}
        </dd>
        <dt>{t.wants}</dt>
        <dd>{wish.join(" · ")}</dd>
        <dt>{t.since}</dt>
        <dd>
          <time dateTime={entry.joinedAt}>{f.dateTime(entry.joinedAt)}</time>
        </dd>
        <dt>{t.expires}</dt>
        <dd>
          <time dateTime={entry.expiresAt}>{f.dateTime(entry.expiresAt)}</time>
        </dd>
        <dt>{t.offers}</dt>
        <dd>
          {entry.offers.length === 0 ? (
            t.noOffers
          ) : (
            <ul class="bw-x-list">
              {entry.offers.map((o) => (
                <li key={o.id}>
                  {t.offerLine(
                    f.dateTime(o.start),
                    names.provider(o.providerId),
                    t.offerState[o.status] ?? o.status,
                  )}
                  {o.status === "open" &&
                    ` (${(o.exclusive ? t.heldUntil : t.openUntil)(f.dateTime(o.expiresAt))})`}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {/* New filters give the search new days: the form starts again from them. */}
      <OfferForm key={JSON.stringify(props.defaults)} {...props} />
      <RemoveForm {...props} />
    </article>
  );
}

function OfferForm(props: EntryProps): JSX.Element {
  const { entry, t, f, names } = props;
  const label = t.offerTime(entry.client.name);
  const [from, setFrom] = useState(props.defaults.from);
  const [to, setTo] = useState(props.defaults.to || addDays(props.defaults.from, 6));
  const [providerId, setProviderId] = useState(props.defaults.providerId);
  const [slots, setSlots] = useState<StaffSlot[] | undefined>(undefined);
  const [chosen, setChosen] = useState("0");
  const [error, setError] = useState<string | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  const find = async () => {
    setSearching(true);
    setError(undefined);
    try {
      // The days in order, at most SEARCH_DAYS of them (ISO days sort as strings).
      const [first = from, last = from] = [from, to].sort();
      const end = [last, addDays(first, SEARCH_DAYS - 1)].sort()[0] ?? first;
      setSlots(
        await props.findSlots({
          serviceId: entry.serviceId,
          from: first,
          to: end,
          ...(providerId ? { calendarIds: [providerId] } : {}),
        }),
      );
      setChosen("0");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSearching(false);
    }
  };
  const slot = slots?.[Number(chosen)];
  return (
    <details>
      <summary>{label}</summary>
      <form
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          if (slot) props.onOffer(slot).then(() => setSlots(undefined));
        }}
      >
        <label>
          {t.from}
          <input
            type="date"
            required
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </label>
        <label>
          {t.to}
          <input type="date" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <TherapistSelect
          label={t.therapist}
          anyLabel={t.anyTherapist}
          providers={props.providers}
          value={providerId}
          onChange={(e) => setProviderId((e.currentTarget as HTMLSelectElement).value)}
        />
        <button type="button" class="bw-s-btn" disabled={searching} onClick={find}>
          {t.findTimes}
        </button>
        <p role="status" class="bw-x-wide">
          {slots === undefined ? "" : slots.length === 0 ? t.noTimes : t.timesFound(slots.length)}
        </p>
        {error && <p class="bw-s-error">{error}</p>}
        {slots && slots.length > 0 && (
          <>
            <label>
              {t.freeTimes}
              <select value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
                {slots.map((s, i) => (
                  <option key={`${s.start}-${s.providerId}`} value={String(i)}>
                    {`${f.dateTime(s.start)} · ${names.provider(s.providerId)}`}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={props.busy}>
              {t.sendOffer}
            </button>
          </>
        )}
      </form>
    </details>
  );
}

function RemoveForm(props: EntryProps): JSX.Element {
  const { entry, t } = props;
  const label = t.remove(entry.client.name);
  const [reason, setReason] = useState("");
  return (
    <details>
      <summary>{label}</summary>
      <form
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          props.onRemove(reason);
        }}
      >
        <label>
          {t.reason}
          <input
            required
            maxLength={500}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="bw-s-btn" disabled={props.busy}>
          {t.confirmRemove}
        </button>
      </form>
    </details>
  );
}
