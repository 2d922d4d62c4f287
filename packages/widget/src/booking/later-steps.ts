// The booking steps after a time is held, loaded on demand (chunk "steps"): the details step with
// its form and hold timer, and the confirmation.
export { stepsStyles as styles } from "../theme/chunk-styles.js";
export { DetailsStep } from "./details-step.js";
export { DoneStep } from "./done-step.js";
