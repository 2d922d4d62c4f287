// The audit section's texts in English (the shape every language follows).

/** The audit section's texts. */
export const auditEn = {
  title: "Audit trail",
  filters: "Filters",
  visit: "Visit (id)",
  patient: "Patient",
  anyPatient: "Any patient",
  user: "User",
  anyUser: "Anyone",
  from: "From",
  to: "To (inclusive)",
  apply: "Show",
  clear: "Clear filters",
  loading: "Loading…",
  none: "Nothing was recorded with these filters.",
  when: "When",
  who: "Who",
  what: "What",
  about: "About",
  details: "Details",
  more: "Show more",
  count: (n: number) => `${n} entries shown`,
  entity: {
    appointment: "Visit",
    client: "Patient",
    invoice: "Invoice",
    credit_note: "Credit note",
    payment: "Payment",
    package: "Package",
    charge: "Charge",
    case: "Case",
  } as Record<string, string>,
} as const;

/** The audit section's texts (every language has them all). */
export type AuditTexts = {
  [K in keyof typeof auditEn]: (typeof auditEn)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof auditEn)[K] extends string
      ? string
      : (typeof auditEn)[K];
};
