// Small pieces the setup steps share: what every step gets, ids from names, reading a form, and
// labelled fields. Forms are uncontrolled (read once on submit with FormData), so a step holds no
// state for what a person is typing.

import type { ComponentChildren, InputHTMLAttributes, JSX } from "preact";
import type { StaffCalendar } from "../../api.js";
import type { SetupTexts } from "../../i18n/sections/setup.en.js";
import type { StaffSectionProps } from "../contract.js";
import type { SectionFormat } from "../format.js";
import type { useAction } from "../section-kit.js";
import type { ClinicSettings, Location, SetupApi, SetupService, TeamMember } from "./setup-api.js";

/** What the clinic has so far, loaded once per change. */
export interface SetupData {
  settings: ClinicSettings;
  locations: Location[];
  calendars: StaffCalendar[];
  services: SetupService[];
  /** Team members (each owns a provider calendar per location). */
  members: TeamMember[];
  /** What was removed (archived): listed apart, each with Restore. */
  removed: { calendars: StaffCalendar[]; services: SetupService[] };
}

/** What every step of the wizard gets. */
export interface StepProps {
  api: SetupApi;
  t: SetupTexts;
  f: SectionFormat;
  data: SetupData;
  /** Loads the clinic's data again (after a change). */
  reload(): void;
  /** The section's action runner: its notice is announced by the wizard. */
  action: ReturnType<typeof useAction>;
  section: StaffSectionProps;
}

/**
 * An id for a new record from its name, unique among `taken`: lower case ASCII letters, digits and
 * dashes ("Sala 1" → "sala-1", then "sala-1-2").
 *
 * @example
 * idFromName("Ana Silva", ["ana-silva"]); // "ana-silva-2"
 */
export function idFromName(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "item";
  let id = base;
  for (let n = 2; taken.includes(id); n += 1) id = `${base}-${n}`;
  return id;
}

/**
 * A comma- or line-separated list typed by a person, trimmed, without empties or repeats.
 *
 * @example
 * listOf("physio, massage,, physio"); // ["physio", "massage"]
 */
export function listOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The named fields of a submitted form as strings (checkboxes: "on" when ticked, absent if not).
 *
 * @example
 * const v = formValues(event.currentTarget as HTMLFormElement); v.name; // "Ana"
 */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) {
    if (typeof value === "string") out[key] = value.trim();
  }
  return out;
}

/**
 * A whole number typed in a field, or `undefined` when it is empty.
 *
 * @example
 * intOf("45"); // 45
 */
export function intOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.round(n) : undefined;
}

/**
 * A labelled input (the label wraps it, so its accessible name is the label's text).
 *
 * @example
 * <Field label="Name" name="name" required />
 */
export function Field(
  props: { label: string; hint?: string | undefined } & InputHTMLAttributes<HTMLInputElement>,
): JSX.Element {
  const { label, hint, ...input } = props;
  const hintId = hint && typeof input.name === "string" ? `bw-x-hint-${input.name}` : undefined;
  return (
    <label>
      {label}
      <input {...input} aria-describedby={hintId} />
      {hint && (
        <span class="bw-s-meta" id={hintId}>
          {hint}
        </span>
      )}
    </label>
  );
}

/**
 * A labelled select with `[value, text]` options.
 *
 * @example
 * <Choice label="Location" name="locationId" options={[["main", "Main"]]} />
 */
export function Choice(props: {
  label: string;
  name: string;
  options: ReadonlyArray<readonly [string, string]>;
  value?: string | undefined;
  onChange?: ((value: string) => void) | undefined;
}): JSX.Element {
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange?.((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A checkbox with its label after it.
 *
 * @example
 * <Check label="Online" name="online" defaultChecked />
 */
export function Check(props: {
  label: string;
  name?: string;
  checked?: boolean;
  defaultChecked?: boolean;
  onChange?: (event: Event) => void;
}): JSX.Element {
  const { label, onChange, ...input } = props;
  return (
    <label class="bw-x-check">
      <input
        type="checkbox"
        {...input}
        {...(onChange ? { onChange: (e: Event) => onChange(e) } : {})}
      />
      {label}
    </label>
  );
}

/**
 * A titled part of a step (a region named by its heading); `wide` spans a form's whole grid.
 *
 * @example
 * <Part id="bw-x-rooms" title="Rooms">…</Part>
 */
export function Part(props: {
  id: string;
  title: string;
  wide?: boolean;
  children: ComponentChildren;
}) {
  return (
    <section aria-labelledby={props.id} class={props.wide ? "bw-x-wide" : undefined}>
      <h4 id={props.id}>{props.title}</h4>
      {props.children}
    </section>
  );
}

/**
 * The submit handler of an uncontrolled form: prevents the page load and passes the values.
 *
 * @example
 * <form onSubmit={onSubmit((v) => save(v.name))}>
 */
export function onSubmit(
  handle: (values: Record<string, string>, form: HTMLFormElement) => void,
): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    handle(formValues(form), form);
  };
}

export { todayIn } from "../../layout.js";
