import type { Signal } from "@preact/signals";
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { fieldLimits } from "../api/limits.js";
import { useWidget } from "../context.js";
import { canRemember, forgetRemembered } from "../lib/remember.js";
import type { DetailsErrors, DetailsValues } from "./flow.js";

/** Props of {@link DetailsForm}. */
export interface DetailsFormProps {
  values: Signal<DetailsValues>;
  remember: Signal<boolean>;
  /** True when the values came from this device's storage. */
  remembered: boolean;
  rememberKey: string;
  errors: DetailsErrors;
  /** Bumped after each failed submit: focus then moves to the first invalid field. */
  errorsVersion: number;
  busy: boolean;
  /** A form-level error (e.g. network), shown as an alert above the button. */
  formError: string | null;
  /** Shown before the submit button (the cancellation-policy consent). */
  beforeSubmit?: JSX.Element | null | undefined;
  onSubmit(): void;
}

type Field = keyof DetailsValues;

/**
 * The patient's details: name, e-mail, phone, notes, and "remember me on this device" (opt-in).
 * Errors are tied to their fields (aria-invalid + aria-describedby) and summarised in an alert.
 *
 * @example
 * <DetailsForm values={flow.details} remember={flow.remember} errors={errors} onSubmit={book} … />
 */
export function DetailsForm(props: DetailsFormProps): JSX.Element {
  const ctx = useWidget();
  const { i18n } = ctx;
  const form = useRef<HTMLFormElement>(null);
  const [forgotten, setForgotten] = useState(false);
  const [remembered, setRemembered] = useState(props.remembered);
  const values = props.values.value;
  const errorCount = Object.keys(props.errors).length;
  const order: Array<keyof DetailsErrors> = ["name", "email", "phone", "notes", "policyConsent"];

  useEffect(() => {
    const first =
      order.find((name) => props.errors[name]) ??
      Object.keys(props.errors).find((name) => props.errors[name]);
    if (props.errorsVersion > 0 && first) focusField(first);
  }, [props.errorsVersion]);

  function field(
    name: Field,
    label: string,
    input: {
      type: "text" | "email" | "tel";
      autoComplete: string;
      required: boolean;
      multiline?: boolean;
      hint?: string;
      inputMode?: "email" | "tel" | "text";
    },
  ): JSX.Element {
    const id = ctx.id(`field-${name}`);
    const error = props.errors[name];
    const describedBy = [input.hint ? `${id}-hint` : "", error ? `${id}-error` : ""]
      .filter(Boolean)
      .join(" ");
    const common = {
      id,
      name,
      value: values[name],
      autoComplete: input.autoComplete,
      required: input.required,
      "aria-required": input.required ? ("true" as const) : undefined,
      "aria-invalid": error ? ("true" as const) : undefined,
      "aria-describedby": describedBy || undefined,
      onInput: (event: Event) => {
        props.values.value = {
          ...props.values.value,
          [name]: (event.currentTarget as HTMLInputElement).value,
        };
      },
    };
    return (
      <div class={`bw-field${error ? " bw-field-invalid" : ""}`}>
        <label for={id}>
          {label}
          {input.required ? null : <span class="bw-optional"> ({i18n.m.optional})</span>}
        </label>
        {input.hint ? (
          <p class="bw-hint" id={`${id}-hint`}>
            {input.hint}
          </p>
        ) : null}
        {error ? (
          <p class="bw-field-error" id={`${id}-error`}>
            <span aria-hidden="true">⚠ </span>
            {error}
          </p>
        ) : null}
        {input.multiline ? (
          <textarea {...common} rows={3} maxLength={fieldLimits[name]} />
        ) : (
          <input
            {...common}
            type={input.type as "text"}
            inputMode={input.inputMode}
            maxLength={fieldLimits[name]}
          />
        )}
      </div>
    );
  }

  function focusField(name: string) {
    form.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  }

  return (
    <form
      ref={form}
      class="bw-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!props.busy) props.onSubmit();
      }}
    >
      {errorCount > 0 ? (
        <div class="bw-alert bw-alert-error" role="alert">
          <p>{i18n.plural(i18n.m.errorSummary, errorCount)}</p>
          <ul>
            {(Object.entries(props.errors) as Array<[string, string]>).map(([name, message]) => (
              <li key={name}>
                <button type="button" class="bw-link" onClick={() => focusField(name)}>
                  {message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {remembered ? (
        <div class="bw-remembered">
          <p>{i18n.m.remembered}</p>
          <button
            type="button"
            class="bw-link"
            onClick={() => {
              forgetRemembered(ctx.options.storage, props.rememberKey);
              props.remember.value = false;
              props.values.value = { ...props.values.value, name: "", email: "", phone: "" };
              setRemembered(false);
              setForgotten(true);
              ctx.announce(i18n.m.forgotten);
              focusField("name");
            }}
          >
            {i18n.m.forget}
          </button>
        </div>
      ) : null}
      {forgotten ? <p class="bw-note">{i18n.m.forgotten}</p> : null}
      {field("name", i18n.m.name, { type: "text", autoComplete: "name", required: true })}
      {field("email", i18n.m.email, {
        type: "email",
        autoComplete: "email",
        required: true,
        inputMode: "email",
      })}
      {field("phone", i18n.m.phone, {
        type: "tel",
        autoComplete: "tel",
        required: false,
        inputMode: "tel",
      })}
      {field("notes", i18n.m.notes, {
        type: "text",
        autoComplete: "off",
        required: false,
        multiline: true,
        hint: i18n.m.notesHint,
      })}
      {canRemember(ctx.options.storage) ? (
        <div class="bw-check">
          <input
            type="checkbox"
            id={ctx.id("remember")}
            checked={props.remember.value}
            aria-describedby={ctx.id("remember-hint")}
            onChange={(event) => {
              props.remember.value = (event.currentTarget as HTMLInputElement).checked;
            }}
          />
          <label for={ctx.id("remember")}>{i18n.m.remember}</label>
          <p class="bw-hint" id={ctx.id("remember-hint")}>
            {i18n.m.rememberHint}
          </p>
        </div>
      ) : null}
      {props.beforeSubmit}
      {props.formError ? (
        <div class="bw-alert bw-alert-error" role="alert">
          <p>{props.formError}</p>
        </div>
      ) : null}
      <button
        type="submit"
        class="bw-button bw-button-primary bw-button-block"
        aria-disabled={props.busy ? "true" : undefined}
      >
        {props.busy ? i18n.m.booking : i18n.m.confirmBooking}
      </button>
    </form>
  );
}
