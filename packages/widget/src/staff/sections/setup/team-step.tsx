// Step 3: the team — therapists as team members (one person: name, photo, short bio, the
// disciplines they treat, an e-mail for booking notices, and a provider calendar at each location
// they work at) and, once services exist, each calendar's own catalog with its own prices.

import type { JSX } from "preact";
import type { StaffCalendar } from "../../api.js";
import { useLoaded } from "../section-kit.js";
import { CalendarEntry, RemovedList } from "./edit-entries.js";
import { Check, Field, idFromName, listOf, onSubmit, Part, type StepProps } from "./kit.js";

interface CatalogEntry {
  serviceId: string;
  price: { amount: number; currency: string };
  ownPrice: boolean;
  active: boolean;
}

/**
 * The team step: `POST /team/members` (one provider calendar per location the person works at)
 * and each therapist's catalog through `PUT /providers/:id/services/:serviceId`.
 *
 * @example
 * <TeamStep {...stepProps} />
 */
export function TeamStep(props: StepProps): JSX.Element {
  const { t, data, api, action, reload } = props;
  const therapists = data.calendars.filter((c) => c.kind === "provider");
  const locationName = (id: string | undefined) =>
    data.locations.find((l) => l.id === id)?.name ?? id ?? "";
  const add = onSubmit((v, form) => {
    const name = v.name ?? "";
    const locations = data.locations.filter((l) => v[`at-${l.id}`] === "on");
    void action
      .run(
        () =>
          api.addMember({
            id: idFromName(
              name,
              data.members.map((m) => m.id),
            ),
            name,
            disciplines: listOf(v.disciplines ?? ""),
            locations: locations.map((l) => ({ locationId: l.id })),
            ...(v.email ? { email: v.email } : {}),
            ...(v.photoUrl ? { photoUrl: v.photoUrl } : {}),
            ...(v.bio ? { bio: v.bio } : {}),
          }),
        (m) => t.added(m.name),
      )
      .then((saved) => {
        if (!saved) return;
        form.reset();
        reload();
      });
  });
  return (
    <>
      <Part id="bw-x-therapists" title={t.therapists}>
        {therapists.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="bw-x-list">
            {data.members.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong> — {m.disciplines.join(", ")} ·{" "}
                {m.calendars.map((c) => locationName(c.locationId)).join(", ")}
                {m.email ? ` · ${m.email}` : ""}
                {m.calendars.map((mc) => {
                  const calendar = data.calendars.find((c) => c.id === mc.id);
                  return calendar ? (
                    <span key={mc.id}>
                      {" "}
                      <CalendarEntry {...props} calendar={calendar} />
                    </span>
                  ) : null;
                })}
              </li>
            ))}
            {/* A therapist's calendar made without a team member (through the API, or before
                teams): listed with its own Edit and Remove. */}
            {therapists
              .filter((c) => !data.members.some((m) => m.calendars.some((mc) => mc.id === c.id)))
              .map((c) => (
                <li key={c.id}>
                  <strong>{c.name}</strong> — {(c.disciplines ?? []).join(", ")} ·{" "}
                  {locationName(c.locationId)} <CalendarEntry {...props} calendar={c} />
                </li>
              ))}
          </ul>
        )}
        <RemovedList
          {...props}
          entries={data.removed.calendars.filter((c) => c.kind === "provider")}
          restore={(id) => api.changeCalendar(id, { active: true })}
        />
        {data.locations.length === 0 ? (
          <p>{t.needLocation}</p>
        ) : (
          <form class="bw-x-form" aria-label={t.addTherapist} onSubmit={add}>
            <Field label={t.therapistName} name="name" required autoComplete="off" />
            <Field
              label={t.therapistDisciplines}
              name="disciplines"
              required
              hint={t.therapistDisciplinesHint}
            />
            <Field label={t.memberEmail} name="email" type="email" autoComplete="off" />
            <Field label={t.photoUrl} name="photoUrl" type="url" />
            <label class="bw-x-wide">
              {t.bio}
              <textarea name="bio" rows={2} />
            </label>
            <fieldset class="bw-x-wide bw-x-checks">
              <legend>{t.worksAt}</legend>
              {data.locations.map((l) => (
                <Check key={l.id} label={l.name} name={`at-${l.id}`} defaultChecked />
              ))}
            </fieldset>
            <button type="submit" class="bw-s-btn" disabled={action.busy}>
              {t.addTherapist}
            </button>
          </form>
        )}
      </Part>
      {data.services.length > 0 &&
        therapists.map((c) => <Catalog key={c.id} {...props} therapist={c} />)}
    </>
  );
}

/** One therapist's catalog: a tick and an optional own price per service. */
function Catalog(props: StepProps & { therapist: StaffCalendar }): JSX.Element {
  const { t, f, data, api, action, therapist } = props;
  const catalog = useLoaded(
    () =>
      props.section.client.request<{ services: CatalogEntry[] }>(
        "GET",
        `/providers/${encodeURIComponent(therapist.id)}/services`,
      ),
    `${therapist.id}|${data.services.length}`,
  );
  const entries = catalog.data?.services ?? [];
  const save = onSubmit((v) => {
    void action
      .run(
        async () => {
          for (const service of data.services) {
            const id = service.id ?? "";
            const listed = entries.find((e) => e.serviceId === id);
            if (v[`offer-${id}`] === "on") {
              const typed = v[`price-${id}`] ?? "";
              const amount = typed ? f.parseMoney(typed) : undefined;
              await api.offer(
                therapist.id,
                id,
                amount === undefined ? null : { amount, currency: service.price.currency },
              );
            } else if (listed?.active) {
              await api.offer(therapist.id, id, listed.ownPrice ? listed.price : null, false);
            }
          }
        },
        () => t.catalogSaved(therapist.name),
      )
      .then(() => catalog.reload());
  });
  const titleId = `bw-x-catalog-${therapist.id}`;
  return (
    <Part id={titleId} title={t.catalog(therapist.name)}>
      {catalog.loading && !catalog.data ? (
        <p>{t.loading}</p>
      ) : (
        <form class="bw-x-form" aria-labelledby={titleId} onSubmit={save}>
          {data.services.map((service) => {
            const id = service.id ?? "";
            const entry = entries.find((e) => e.serviceId === id);
            return (
              <div class="bw-x-row" key={id}>
                <label class="bw-x-check">
                  <input
                    type="checkbox"
                    name={`offer-${id}`}
                    defaultChecked={entry?.active ?? false}
                  />
                  {t.offers(service.name)}
                </label>
                <label>
                  {t.ownPrice(service.name)}
                  <input
                    name={`price-${id}`}
                    inputMode="decimal"
                    placeholder={f.moneyInput(service.price.amount)}
                    defaultValue={entry?.ownPrice ? f.moneyInput(entry.price.amount) : ""}
                  />
                </label>
              </div>
            );
          })}
          <button type="submit" class="bw-s-btn" disabled={action.busy}>
            {t.saveCatalog}
          </button>
        </form>
      )}
    </Part>
  );
}
