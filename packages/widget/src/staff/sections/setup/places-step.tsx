// Step 2: where the clinic works — its locations, and the rooms and equipment a service may need
// (each a calendar of its own: a kind services ask for, the disciplines it suits).

import type { JSX } from "preact";
import { CalendarEntry, RemovedList } from "./edit-entries.js";
import { Choice, Field, idFromName, listOf, onSubmit, Part, type StepProps } from "./kit.js";

/**
 * The places step: `PUT /locations/:id`, and `POST /calendars` for rooms and equipment.
 *
 * @example
 * <PlacesStep {...stepProps} />
 */
export function PlacesStep(props: StepProps): JSX.Element {
  const { t, data, api, action, reload } = props;
  const resources = data.calendars.filter((c) => c.kind !== "provider");
  const locationName = (id: string | undefined) =>
    data.locations.find((l) => l.id === id)?.name ?? id ?? "";
  const addLocation = onSubmit((v, form) => {
    const name = v.name ?? "";
    void action
      .run(
        () =>
          api.saveLocation({
            id: idFromName(
              name,
              data.locations.map((l) => l.id),
            ),
            name,
            timeZone: data.settings.timeZone,
            ...(v.address ? { address: v.address } : {}),
          }),
        (l) => t.added(l.name),
      )
      .then((saved) => {
        if (!saved) return;
        form.reset();
        reload();
      });
  });
  const addResource = onSubmit((v, form) => {
    const name = v.name ?? "";
    const kind = v.kind === "equipment" ? "equipment" : "room";
    void action
      .run(
        () =>
          api.addCalendar({
            id: idFromName(
              name,
              data.calendars.map((c) => c.id),
            ),
            kind,
            name,
            locationId: v.locationId ?? "",
            timeZone: data.settings.timeZone,
            resourceKind: v.resourceKind || (kind === "room" ? "room" : "equipment"),
            disciplines: listOf(v.disciplines ?? ""),
          }),
        (c) => t.added(c.name),
      )
      .then((saved) => {
        if (!saved) return;
        form.reset();
        reload();
      });
  });
  return (
    <>
      <Part id="bw-x-locations" title={t.locations}>
        {data.locations.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="bw-x-list">
            {data.locations.map((l) => (
              <li key={l.id}>
                <strong>{l.name}</strong>
                {l.address ? ` — ${l.address}` : ""}
              </li>
            ))}
          </ul>
        )}
        <form class="bw-x-form" aria-label={t.addLocation} onSubmit={addLocation}>
          <Field label={t.locationName} name="name" required />
          <Field label={t.address} name="address" defaultValue={data.settings.address ?? ""} />
          <button type="submit" class="bw-s-btn" disabled={action.busy}>
            {t.addLocation}
          </button>
        </form>
      </Part>
      <Part id="bw-x-rooms" title={t.rooms}>
        {resources.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="bw-x-list">
            {resources.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong> — {c.kind === "room" ? t.kindRoom : t.kindEquipment}
                {c.resourceKind ? ` (${c.resourceKind})` : ""} · {locationName(c.locationId)}
                {c.disciplines?.length ? ` · ${c.disciplines.join(", ")}` : ""}{" "}
                <CalendarEntry {...props} calendar={c} />
              </li>
            ))}
          </ul>
        )}
        <RemovedList
          {...props}
          entries={data.removed.calendars.filter((c) => c.kind !== "provider")}
          restore={(id) => api.changeCalendar(id, { active: true })}
        />
        {data.locations.length === 0 ? (
          <p>{t.needLocation}</p>
        ) : (
          <form class="bw-x-form" aria-label={t.addRoom} onSubmit={addResource}>
            <Field label={t.roomName} name="name" required />
            <Choice
              label={t.roomKindLabel}
              name="kind"
              options={[
                ["room", t.kindRoom],
                ["equipment", t.kindEquipment],
              ]}
            />
            <Field label={t.resourceKind} name="resourceKind" hint={t.resourceKindHint} />
            <Field label={t.disciplines} name="disciplines" hint={t.disciplinesHint} />
            <Choice
              label={t.location}
              name="locationId"
              options={data.locations.map((l) => [l.id, l.name] as const)}
            />
            <button type="submit" class="bw-s-btn" disabled={action.busy}>
              {t.addRoom}
            </button>
          </form>
        )}
      </Part>
    </>
  );
}
