// The widget's on-demand parts. The first screen (dist/bookwell.js, dist/index.js) holds the
// catalog steps (category, service, therapist); these load when needed: the time step or the
// manage page in parallel with the first request for data, the details step once the first times
// are on screen (decision 0026), the payment step when a payment is asked.

/** The modules of each chunk. */
export interface Chunks {
  /** The time step: the month grid of days, the times of a day, the taken-time panel. */
  times: typeof import("../booking/time-step.js");
  /** The details step (form, hold timer, booking) and the confirmation. */
  steps: typeof import("../booking/later-steps.js");
  /** The manage page opened from the e-mailed link. */
  manage: typeof import("../manage/manage-app.js");
  /** The optional payment step. */
  payment: typeof import("../booking/payment-step.js");
}

/** The name of one chunk (its file is dist/chunks/<name>.js in the script-tag build). */
export type ChunkName = keyof Chunks;
