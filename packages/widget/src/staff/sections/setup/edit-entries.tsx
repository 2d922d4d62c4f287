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
 * The Edit and Remove buttons of a list entry, the edit form or the removal question in their
 * place.
 *
 * @example
 * <EntryActions {...props} name="Studio" form={(done) => <form … />} remove={() => api.removeCalendar("studio")} />
 */
function EntryActions(
  props: StepProps & {
    name: string;
    form: (done: () => void) => JSX.Element;
    remove?: (() => Promise<unknown>) | undefined;
  },
): JSX.Element {
  const { t, action, name, reload } = props;
  const [mode, setMode] = useState<Mode>("view");
  const done = () => setMode("view");
  if (mode === "edit") return props.form(done);
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
  const { t, api, action, calendar: c, reload } = props;
  const resource = c.kind !== "provider";
  const form = (done: () => void) => {
    const save = onSubmit((v) => {
      void action
        .run(
          () =>
            api.changeCalendar(c.id, {
              name: v.name ?? c.name,
              disciplines: listOf(v.disciplines ?? ""),
              ...(resource && v.resourceKind ? { resourceKind: v.resourceKind } : {}),
            }),
          (saved) => t.savedOf(saved.name),
        )
        .then((saved) => {
          if (!saved) return;
          done();
          reload();
        });
    });
    return (
      <form class="bw-x-form" aria-label={t.editOf(c.name)} onSubmit={save}>
        <Field label={t.roomName} name="name" required defaultValue={c.name} />
        <Field
          label={t.disciplines}
          name="disciplines"
          defaultValue={(c.disciplines ?? []).join(", ")}
        />
        {resource && (
          <Field label={t.resourceKind} name="resourceKind" defaultValue={c.resourceKind ?? ""} />
        )}
        <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={action.busy}>
          {t.saveChanges}
        </button>
        <button type="button" class="bw-s-btn" onClick={done}>
          {t.cancel}
        </button>
      </form>
    );
  };
  return (
    <EntryActions {...props} name={c.name} form={form} remove={() => api.removeCalendar(c.id)} />
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
  const { t, f, api, action, data, service: s, reload } = props;
  const form = (done: () => void) => {
    const save = onSubmit((v) => {
      const interval = intOf(v.interval);
      void action
        .run(
          () =>
            api.changeService(s.id ?? "", {
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
            }),
          (saved) => t.savedOf(saved.name),
        )
        .then((saved) => {
          if (!saved) return;
          done();
          reload();
        });
    });
    return (
      <form class="bw-x-form" aria-label={t.editOf(s.name)} onSubmit={save}>
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
        <Check label={t.onlineBookable} name="online" defaultChecked={s.onlineBookable !== false} />
        <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={action.busy}>
          {t.saveChanges}
        </button>
        <button type="button" class="bw-s-btn" onClick={done}>
          {t.cancel}
        </button>
      </form>
    );
  };
  return (
    <EntryActions
      {...props}
      name={s.name}
      form={form}
      remove={() => api.removeService(s.id ?? "")}
    />
  );
}
