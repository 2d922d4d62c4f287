// The patient page and the waitlist form: their own chunk (`@bookwell/widget/patient`), loaded on
// demand by the script-tag embed or imported by an app.

export { WaitlistJoinForm, type WaitlistJoinProps } from "../waitlist/join-form.js";
export { WaitlistOfferApp, type WaitlistOfferProps } from "../waitlist/offer.js";
export {
  createPatientApi,
  type JoinWaitlistBody,
  type MyVisitsAnswer,
  type PatientApi,
  type PatientApiOptions,
  type WaitlistOffer,
} from "./api.js";
export { type MountedMyVisits, type MyVisitsOptions, mountMyVisits } from "./mount.js";
export { MyVisitsApp, type MyVisitsProps } from "./my-visits.js";
export {
  PATIENT_TEXTS,
  type PatientLanguage,
  type PatientTexts,
  patientLanguage,
} from "./texts.js";
