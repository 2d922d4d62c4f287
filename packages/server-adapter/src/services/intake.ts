// Intake questions and consents per service (issue 18): the clinic sets them on the service
// (`policies.intake`, validated here), the patient answers on the booking form, and the answers
// are checked here, once, and stored on the visit (a typed column), shown to staff.

import { z } from "zod";
import { BookwellError, type ProblemFieldError } from "../errors.js";
import type { IntakeAnswer, ServiceRecord, VisitIntake } from "../storage/storage.js";

const key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be 1–40 lower-case letters, digits, - or _");
const words = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

/** A text in several languages: English required, Portuguese and Spanish optional. */
export const labelSchema = z.strictObject({
  en: words(300),
  pt: words(300).optional(),
  es: words(300).optional(),
});
/** A text in several languages. */
export type Label = z.infer<typeof labelSchema>;

const base = { id: key, label: labelSchema, required: z.boolean().default(false) };

/** One intake question: free text, one choice of several, yes / no, or a date. */
export const intakeQuestionSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("text") }),
  z.strictObject({
    ...base,
    type: z.literal("choice"),
    options: z
      .array(z.strictObject({ id: key, label: labelSchema }))
      .min(2, "must offer at least two options")
      .max(20),
  }),
  z.strictObject({ ...base, type: z.literal("yes_no") }),
  z.strictObject({ ...base, type: z.literal("date") }),
]);
/** One intake question. */
export type IntakeQuestion = z.infer<typeof intakeQuestionSchema>;

const unique = (items: readonly { id: string }[]) =>
  new Set(items.map((item) => item.id)).size === items.length;

/** A service's intake: questions and consent checkboxes (each consent must be ticked to book). */
export const intakeSchema = z
  .strictObject({
    questions: z.array(intakeQuestionSchema).max(20).default([]),
    consents: z
      .array(z.strictObject({ id: key, label: labelSchema }))
      .max(5)
      .default([]),
  })
  .refine((i) => unique(i.questions), {
    message: "question ids must be unique",
    path: ["questions"],
  })
  .refine((i) => unique(i.consents), { message: "consent ids must be unique", path: ["consents"] })
  .meta({
    description:
      "Questions the booking form asks (text, choice, yes_no, date; required or not; labels per language) and consents the patient must tick",
  });
/** A service's intake. */
export type Intake = z.infer<typeof intakeSchema>;

/** What the patient sent: answers by question id, and the ids of the consents ticked. */
export const intakeInputSchema = z.strictObject({
  answers: z.record(key, z.union([z.string().max(2000), z.boolean()])).default({}),
  consents: z.array(key).max(5).default([]),
});
/** What the patient sent. */
export type IntakeInput = z.infer<typeof intakeInputSchema>;

/**
 * The service's intake, or `undefined` when it asks nothing.
 *
 * @example
 * intakeOf(service)?.questions.length; // 2
 */
export function intakeOf(service: ServiceRecord): Intake | undefined {
  const parsed = intakeSchema.safeParse(service.policies.intake);
  if (!parsed.success) return undefined;
  const intake = parsed.data;
  return intake.questions.length + intake.consents.length > 0 ? intake : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function answerProblem(question: IntakeQuestion, answer: string | boolean): string | null {
  switch (question.type) {
    case "text":
      return typeof answer === "string" ? null : "must be text";
    case "yes_no":
      return typeof answer === "boolean" ? null : "must be true or false";
    case "choice":
      return typeof answer === "string" && question.options.some((o) => o.id === answer)
        ? null
        : `must be one of ${question.options.map((o) => o.id).join(", ")}`;
    case "date":
      return typeof answer === "string" &&
        DATE.test(answer) &&
        !Number.isNaN(Date.parse(`${answer}T00:00:00Z`)) &&
        new Date(`${answer}T00:00:00Z`).toISOString().startsWith(answer)
        ? null
        : "must be a date YYYY-MM-DD";
  }
}

/**
 * Checks the patient's answers against the service's intake and returns what to store on the
 * visit; every problem is one `400 VALIDATION_FAILED` naming its field (`intake.answers.<id>`,
 * `intake.consents`).
 *
 * @example
 * checkIntake(service, { answers: { pain: "back" }, consents: ["privacy"] });
 * // { answers: [{ questionId: "pain", question: "Where does it hurt?", type: "text", answer: "back" }], consents: [...] }
 */
export function checkIntake(
  service: ServiceRecord,
  input: IntakeInput | undefined,
): VisitIntake | undefined {
  const intake = intakeOf(service);
  const given = input ?? { answers: {}, consents: [] };
  const errors: ProblemFieldError[] = [];
  const answers: IntakeAnswer[] = [];
  const questions = intake?.questions ?? [];
  for (const id of Object.keys(given.answers)) {
    if (!questions.some((q) => q.id === id)) {
      errors.push({ field: `intake.answers.${id}`, message: "is not a question of this service" });
    }
  }
  for (const question of questions) {
    const raw = given.answers[question.id];
    const answer = typeof raw === "string" ? raw.trim() : raw;
    const field = `intake.answers.${question.id}`;
    if (answer === undefined || answer === "") {
      if (question.required) errors.push({ field, message: "is required" });
      continue;
    }
    const problem = answerProblem(question, answer);
    if (problem) errors.push({ field, message: problem });
    else
      answers.push({
        questionId: question.id,
        question: question.label.en,
        type: question.type,
        answer,
      });
  }
  const consents = intake?.consents ?? [];
  const missing = consents.filter((c) => !given.consents.includes(c.id));
  const unknown = given.consents.filter((id) => !consents.some((c) => c.id === id));
  if (missing.length > 0 || unknown.length > 0) {
    errors.push({
      field: "intake.consents",
      message:
        missing.length > 0
          ? `must include ${missing.map((c) => c.id).join(", ")}`
          : `${unknown.join(", ")} is not a consent of this service`,
    });
  }
  if (errors.length > 0) {
    throw new BookwellError("VALIDATION_FAILED", "The intake answers are not complete or valid", {
      errors,
    });
  }
  if (answers.length === 0 && consents.length === 0) return undefined;
  return { answers, consents: consents.map((c) => ({ id: c.id, label: c.label.en })) };
}
