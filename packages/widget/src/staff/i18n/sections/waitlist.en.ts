// The waitlist section's texts in English (the shape every language follows).

/** The waitlist section's texts. */
export const waitlistEn = {
  title: "Waitlist",
  filters: "Filters",
  service: "Service",
  anyService: "Every service",
  therapist: "Therapist",
  anyTherapist: "Any therapist",
  from: "From",
  to: "To (inclusive)",
  apply: "Show",
  loading: "Loading…",
  count: (n: number) => (n === 1 ? "1 patient waiting" : `${n} patients waiting`),
  none: "Nobody waits with these filters.",
  list: "Waiting patients, in line order",
  position: (n: number, name: string) => `${n}. ${name}`,
  contact: "Contact",
  wants: "Wants",
  since: "Waiting since",
  expires: "Leaves the list",
  offers: "Offers",
  noOffers: "No offer yet.",
  anyone: "any therapist",
  with: (name: string) => `with ${name}`,
  anyDay: "any day",
  between: (from: string, to: string) => `${from}–${to}`,
  datesFrom: (d: string) => `from ${d}`,
  datesTo: (d: string) => `until ${d}`,
  offerLine: (when: string, who: string, state: string) => `${when}, ${who}: ${state}`,
  offerState: {
    open: "open",
    booked: "booked",
    lapsed: "lapsed",
    taken: "taken by someone else",
    withdrawn: "withdrawn",
  } as Record<string, string>,
  heldUntil: (when: string) => `held until ${when}`,
  openUntil: (when: string) => `open until ${when}`,
  offerTime: (name: string) => `Offer a time to ${name}`,
  findTimes: "Find free times",
  freeTimes: "Free time",
  noTimes: "No free time in these days.",
  timesFound: (n: number) => (n === 1 ? "1 free time found." : `${n} free times found.`),
  sendOffer: "Send the offer",
  offered: (name: string, when: string) => `Offered ${when} to ${name}; the message is on its way.`,
  remove: (name: string) => `Remove ${name} from the waitlist`,
  reason: "Reason (kept in the audit trail)",
  confirmRemove: "Remove",
  removed: (name: string) => `${name} was taken off the waitlist.`,
} as const;

/** The waitlist section's texts (every language has them all). */
export type WaitlistTexts = {
  [K in keyof typeof waitlistEn]: (typeof waitlistEn)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof waitlistEn)[K] extends string
      ? string
      : (typeof waitlistEn)[K];
};
