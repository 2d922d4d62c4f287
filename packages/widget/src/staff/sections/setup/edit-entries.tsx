// Editing and removing what the wizard created: a calendar (a therapist's, a room, equipment) or a
// service, in place in the step's list. Edits save through the staff API's PATCH routes; removing
// a calendar or a service asks first and leaves the rule to the server (`DELETE /calendars/:id`,
// `DELETE /services/:id` archive it, or refuse while visits are booked on it from now on — the
// message is shown as it comes).

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { StaffCalendar } from "../../api.js";
import { Check, Field, intOf, listOf, onSubmit, type StepProps } from "./kit.js";
import type { SetupService } from "./setup-api.js";

type Mode = "view" | "edit" | "remove";

/**
 * The Edit and Remove buttons of a list entry, the edit form (its `fields`, saved by `save`) or
 * the removal question in their place.
 *
 * @example
 * <EntryActions {...props} name="Studio" fields={<Field … />} save={(v) => api.changeCalendar("studio", { name: v.name })} remove={() => api.removeCalendar("studio")} />
 */
function EntryActions(
  props: StepProps & {
    name: string;
    fields: JSX.Element;
    save: (values: Record<string, string>) => Promise<{ name: string }>;
    remove?: (() => Promise<unknown>) | undefined;
  },
): JSX.Element {
  const { t, action, name, reload } = props;
  const [mode, setMode] = useState<Mode>("view");
  const done = () => setMode("view");
  if (mode === "edit") {
    const submit = onSubmit((v) => {
      void action
        .run(
          () => props.save(v),
          (saved) => t.savedOf(saved.name),
        )
        .then((saved) => {
          if (!saved) return;
          done();
          reload();
        });
    });
    return (
      <form class="bw-x-form" aria-label={t.editOf(name)} onSubmit={submit}>
        {props.fields}
        <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={action.busy}>
          {t.saveChanges}
        </button>
        <button type="button" class="bw-s-btn" onClick={done}>
          {t.cancel}
        </button>
      </form>
    );
  }
  if (mode === "remove" && props.remove) {
    const remove = props.remove;
    return (
      <fieldset class="bw-x-row">
        <legend>{t.removeConfirm(name)}</legend>
        <button
          type="button"
          class="bw-s-btn"
          disabled={action.busy}
          onClick={() =>
            void action
              .run(remove, () => t.removed(name))
              .then((r) => {
                done();
                if (r !== undefined) reload();
              })
          }
        >
          {t.confirmRemove}
        </button>
        <button type="button" class="bw-s-btn" onClick={done}>
          {t.cancel}
        </button>
      </fieldset>
    );
  }
  return (
    <span class="bw-x-row">
      <button
        type="button"
        class="bw-s-link"
        aria-label={t.editOf(name)}
        onClick={() => setMode("edit")}
      >
        {t.edit}
      </button>
      {props.remove && (
        <button
          type="button"
          class="bw-s-link"
          aria-label={t.removeOf(name)}
          onClick={() => setMode("remove")}
        >
          {t.remove}
        </button>
      )}
    </span>
  );
}

/**
 * Edit (name, disciplines, the kind a service asks for) and Remove of one calendar.
 *
 * @example
 * <CalendarEntry {...stepProps} calendar={studio} />
 */
export function CalendarEntry(props: StepProps & { calendar: StaffCalendar }): JSX.Element {
  const { t, api, calendar: c } = props;
  const resource = c.kind !== "provider";
  return (
    <EntryActions
      {...props}
      name={c.name}
      save={(v) =>
        api.changeCalendar(c.id, {
          name: v.name ?? c.name,
          disciplines: listOf(v.disciplines ?? ""),
          ...(resource && v.resourceKind ? { resourceKind: v.resourceKind } : {}),
        })
      }
      fields={
        <>
          <Field label={t.roomName} name="name" required defaultValue={c.name} />
          <Field
            label={t.disciplines}
            name="disciplines"
            defaultValue={(c.disciplines ?? []).join(", ")}
          />
          {resource && (
            <Field label={t.resourceKind} name="resourceKind" defaultValue={c.resourceKind ?? ""} />
          )}
        </>
      }
      remove={() => api.removeCalendar(c.id)}
    />
  );
}

/**
 * Edit of one service (name, category, duration, price, start-time interval, places per time and
 * whether patients book it online; its rules stay as they are) and its Remove.
 *
 * @example
 * <ServiceEntry {...stepProps} service={pilates} />
 */
export function ServiceEntry(props: StepProps & { service: SetupService }): JSX.Element {
  const { t, f, api, data, service: s } = props;
  return (
    <EntryActions
      {...props}
      name={s.name}
      save={(v) => {
        const interval = intOf(v.interval);
        return api.changeService(s.id ?? "", {
          name: v.name ?? s.name,
          category: v.category ?? "",
          durationMinutes: intOf(v.duration) ?? s.durationMinutes,
          price: {
            amount: f.parseMoney(v.price ?? "") ?? -1,
            currency: data.settings.currency,
          },
          capacity: intOf(v.capacity) ?? 1,
          ...(interval === undefined ? {} : { slotIntervalMinutes: interval }),
          onlineBookable: v.online === "on",
        });
      }}
      fields={
        <>
          <Field label={t.serviceName} name="name" required defaultValue={s.name} />
          <Field label={t.category} name="category" defaultValue={s.category ?? ""} />
          <Field
            label={t.duration}
            name="duration"
            type="number"
            min={1}
            required
            defaultValue={String(s.durationMinutes)}
          />
          <Field
            label={t.price}
            name="price"
            inputMode="decimal"
            required
            defaultValue={f.moneyInput(s.price.amount)}
          />
          <Field
            label={t.interval}
            name="interval"
            type="number"
            min={1}
            defaultValue={s.slotIntervalMinutes === undefined ? "" : String(s.slotIntervalMinutes)}
          />
          <Field
            label={t.capacity}
            name="capacity"
            type="number"
            min={1}
            defaultValue={String(s.capacity ?? 1)}
          />
          <Check
            label={t.onlineBookable}
            name="online"
            defaultChecked={s.onlineBookable !== false}
          />
        </>
      }
      remove={() => api.removeService(s.id ?? "")}
    />
  );
}

/**
 * A step's removed (archived) calendars or services, each with Restore: `restore` sends
 * `active: true`, the server offers it again and the wizard lists it with the others.
 *
 * @example
 * <RemovedList {...stepProps} entries={data.removed.services} restore={(id) => api.changeService(id, { active: true })} />
 */
export function RemovedList(
  props: StepProps & {
    entries: ReadonlyArray<{ id?: string | undefined; name: string }>;
    restore: (id: string) => Promise<unknown>;
  },
): JSX.Element | null {
  const { t, action, reload } = props;
  if (props.entries.length === 0) return null;
  return (
    <>
      <h5>{t.removedList}</h5>
      <ul class="bw-x-list">
        {props.entries.map((e) => (
          <li key={e.id}>
            {e.name}{" "}
            <button
              type="button"
              class="bw-s-link"
              aria-label={t.restoreOf(e.name)}
              disabled={action.busy}
              onClick={() =>
                void action
                  .run(
                    () => props.restore(e.id ?? ""),
                    () => t.restored(e.name),
                  )
                  .then((r) => {
                    if (r !== undefined) reload();
                  })
              }
            >
              {t.restore}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
