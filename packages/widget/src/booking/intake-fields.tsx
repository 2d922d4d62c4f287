// The service's intake questions and consents on the details step (issue 18): the clinic sets
// them on the service (`service.intake`), the server checks the answers; here they are asked, with
// labels in the widget's language (English when the clinic gave none), and the required ones are
// checked before sending so the patient hears about them with the other fields.

import type { JSX } from "preact";
import type { IntakeAnswers, Label, ServiceIntake } from "../api/types.js";
import { useWidget } from "../context.js";
import type { I18n } from "../i18n/index.js";

const TEXTS: Record<I18n["language"], [yes: string, no: string, answer: string, tick: string]> = {
  en: ["Yes", "No", "Answer this question.", "Tick this to book."],
  pt: ["Sim", "Não", "Responda a esta pergunta.", "Marque para poder marcar."],
  es: ["Sí", "No", "Responda a esta pregunta.", "Márquelo para reservar."],
};

/**
 * A label in the widget's language, else English.
 *
 * @example
 * labelIn(i18n, { en: "Where does it hurt?", pt: "Onde dói?" }); // "Onde dói?" in Portuguese
 */
export function labelIn(i18n: I18n, label: Label): string {
  return label[i18n.language] ?? label.en;
}

/**
 * The form errors of unanswered required questions and unticked consents, by the server's field
 * names (`intake.answers.<id>`, `intake.consents`).
 *
 * @example
 * intakeErrors(i18n, service.intake, { answers: {}, consents: [] }); // { "intake.answers.pain": "Answer this question." }
 */
export function intakeErrors(
  i18n: I18n,
  intake: ServiceIntake | undefined,
  value: IntakeAnswers,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const texts = TEXTS[i18n.language];
  for (const question of intake?.questions ?? []) {
    const answer = value.answers[question.id];
    if (question.required && (answer === undefined || answer === "")) {
      errors[`intake.answers.${question.id}`] = `${labelIn(i18n, question.label)}: ${texts[2]}`;
    }
  }
  const missing = intake?.consents.find((c) => !value.consents.includes(c.id));
  if (missing) errors["intake.consents"] = `${labelIn(i18n, missing.label)}: ${texts[3]}`;
  return errors;
}

/**
 * The answers as the server takes them: empty texts left out.
 *
 * @example
 * intakeBody({ answers: { pain: " ", first: true }, consents: [] }); // { answers: { first: true }, consents: [] }
 */
export function intakeBody(value: IntakeAnswers): IntakeAnswers {
  const answers: IntakeAnswers["answers"] = {};
  for (const [id, answer] of Object.entries(value.answers)) {
    const clean = typeof answer === "string" ? answer.trim() : answer;
    if (clean !== "") answers[id] = clean;
  }
  return { answers, consents: value.consents };
}

/**
 * The intake questions (text, choice, yes/no, date) and consent checkboxes, each error tied to its
 * field (aria-invalid + aria-describedby); inputs are named by the server's field names so the
 * error summary can move focus to them.
 *
 * @example
 * <IntakeFields intake={service.intake} value={answers} onChange={setAnswers} errors={errors} />
 */
export function IntakeFields(props: {
  intake: ServiceIntake;
  value: IntakeAnswers;
  onChange(value: IntakeAnswers): void;
  errors: Record<string, string | undefined>;
}): JSX.Element {
  const ctx = useWidget();
  const { i18n } = ctx;
  const [yes, no] = TEXTS[i18n.language];
  const { value } = props;
  const answer = (id: string, next: string | boolean) =>
    props.onChange({ ...value, answers: { ...value.answers, [id]: next } });

  function errorOf(name: string, id: string) {
    const error = props.errors[name];
    return error ? (
      <p class="bw-field-error" id={`${id}-error`}>
        <span aria-hidden="true">⚠ </span>
        {error}
      </p>
    ) : null;
  }

  function radios(
    question: string,
    name: string,
    id: string,
    options: Array<[string, string | boolean, string]>,
  ) {
    const invalid = props.errors[name] ? ("true" as const) : undefined;
    return options.map(([key, option, text]) => (
      <div class="bw-check" key={key}>
        <input
          type="radio"
          id={`${id}-${key}`}
          name={name}
          checked={value.answers[question] === option}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={() => answer(question, option)}
        />
        <label for={`${id}-${key}`}>{text}</label>
      </div>
    ));
  }

  const consentsName = "intake.consents";
  const consentsId = ctx.id("intake-consents");
  return (
    <>
      {props.intake.questions.map((question) => {
        const name = `intake.answers.${question.id}`;
        const id = ctx.id(`intake-${question.id}`);
        const label = labelIn(i18n, question.label);
        const optional = question.required ? null : (
          <span class="bw-optional"> ({i18n.m.optional})</span>
        );
        if (question.type === "choice" || question.type === "yes_no") {
          const options: Array<[string, string | boolean, string]> =
            question.type === "choice"
              ? question.options.map((o) => [o.id, o.id, labelIn(i18n, o.label)])
              : [
                  ["yes", true, yes],
                  ["no", false, no],
                ];
          return (
            <fieldset class="bw-field" key={question.id}>
              <legend>
                {label}
                {optional}
              </legend>
              {errorOf(name, id)}
              {radios(question.id, name, id, options)}
            </fieldset>
          );
        }
        const error = props.errors[name];
        const current = value.answers[question.id];
        return (
          <div class={`bw-field${error ? " bw-field-invalid" : ""}`} key={question.id}>
            <label for={id}>
              {label}
              {optional}
            </label>
            {errorOf(name, id)}
            <input
              id={id}
              name={name}
              type={(question.type === "date" ? "date" : "text") as "text"}
              maxLength={question.type === "text" ? 2000 : undefined}
              value={typeof current === "string" ? current : ""}
              required={question.required}
              aria-required={question.required ? "true" : undefined}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onInput={(event) =>
                answer(question.id, (event.currentTarget as HTMLInputElement).value)
              }
            />
          </div>
        );
      })}
      {props.intake.consents.length > 0 ? (
        <div class="bw-field">
          {errorOf(consentsName, consentsId)}
          {props.intake.consents.map((consent) => {
            const id = ctx.id(`intake-consent-${consent.id}`);
            const ticked = value.consents.includes(consent.id);
            return (
              <div class="bw-check" key={consent.id}>
                <input
                  type="checkbox"
                  id={id}
                  name={consentsName}
                  checked={ticked}
                  required
                  aria-required="true"
                  aria-invalid={props.errors[consentsName] && !ticked ? "true" : undefined}
                  aria-describedby={props.errors[consentsName] ? `${consentsId}-error` : undefined}
                  onChange={(event) => {
                    const on = (event.currentTarget as HTMLInputElement).checked;
                    const others = value.consents.filter((c) => c !== consent.id);
                    props.onChange({ ...value, consents: on ? [...others, consent.id] : others });
                  }}
                />
                <label for={id}>{labelIn(i18n, consent.label)}</label>
              </div>
            );
          })}
        </div>
      ) : null}
    </>
  );
}
