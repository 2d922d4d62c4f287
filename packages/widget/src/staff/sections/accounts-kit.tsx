// What the Team accounts and My account sections share: a refusal of the server read for a person
// (the field it names, the text in the screen's language) and a labelled field that shows the
// refusal next to itself.

import type { InputHTMLAttributes, JSX } from "preact";
import { StaffApiError } from "../api.js";
import type { AccountsTexts } from "../i18n/sections/accounts.en.js";

/** A refusal of the server: the form field it names (if any) and what to tell the person. */
export interface Refusal {
  field?: string | undefined;
  text: string;
}

/**
 * A failed request as a person reads it: the field the server's problem names (`calendarIds.3` →
 * `calendarIds`) and the text, translated where the code is known, else the server's own words.
 *
 * @example
 * refusalOf(new StaffApiError({ status: 401, code: "INVALID_CREDENTIALS", errors: [{ field: "currentPassword", message: "is wrong" }] }), accountsEn);
 * // { field: "currentPassword", text: "The password is wrong." }
 */
export function refusalOf(error: unknown, t: AccountsTexts): Refusal {
  if (!StaffApiError.is(error))
    return { text: error instanceof Error ? error.message : String(error) };
  const first = error.problem.errors?.[0];
  const field = first?.field.split(".")[0];
  const key =
    error.code === "CONFLICT" && field === "email"
      ? "EMAIL_TAKEN"
      : error.code === "CONFLICT" && (field === "role" || field === "active")
        ? "LAST_MANAGER"
        : error.code;
  const known = t.codes[key];
  if (known) return { field, text: known };
  const detail = first
    ? first.message
    : (error.problem.detail ?? error.problem.title ?? error.code);
  return { field, text: t.refused(detail) };
}

/**
 * A labelled input that shows the refusal naming its `name` beside it (announced, and tied to the
 * input by `aria-describedby`).
 *
 * @example
 * <AccountField label="E-mail" name="email" type="email" refusal={refusal} />
 */
export function AccountField(
  props: {
    label: string;
    refusal?: Refusal | undefined;
    hint?: string | undefined;
  } & InputHTMLAttributes<HTMLInputElement>,
): JSX.Element {
  const { label, refusal, hint, ...input } = props;
  const name = String(input.name ?? "");
  const mine = refusal?.field !== undefined && refusal.field === name;
  const ids = [hint ? `bw-x-hint-${name}` : "", mine ? `bw-x-err-${name}` : ""].join(" ").trim();
  // The hint and the refusal sit outside the label: they describe the input, not name it.
  return (
    <div class="bw-x-field">
      <label>
        {label}
        <input
          {...input}
          aria-describedby={ids || undefined}
          aria-invalid={mine ? true : undefined}
        />
      </label>
      {hint && (
        <span class="bw-s-meta" id={`bw-x-hint-${name}`}>
          {hint}
        </span>
      )}
      {mine && (
        <span class="bw-s-error" role="alert" id={`bw-x-err-${name}`}>
          {refusal.text}
        </span>
      )}
    </div>
  );
}
