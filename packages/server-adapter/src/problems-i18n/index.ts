// Problems in the request's language: the catalogs, the negotiation and the wording.

export {
  negotiateProblemLocale,
  PROBLEM_LOCALES,
  type ProblemCatalog,
  type ProblemLocale,
} from "./catalog.js";
export {
  type DetailKey,
  EN_DETAILS,
  EN_FIELDS,
  type FieldMessageKey,
  PROBLEM_RULES,
} from "./en.js";
export {
  fieldRule,
  localizeDetail,
  localizeFieldError,
  localizeMessage,
  localizePlanResult,
  localizeProblem,
  localizeViolations,
  matchDetail,
  matchFieldMessage,
  PROBLEM_CATALOGS,
} from "./localize.js";
export { type IssueRule, issueRule, issuesToFields } from "./rules.js";
