// The reports section's texts in English (the shape every language follows).

import { statusNamesEn } from "./statuses.js";

/** The reports section's texts. */
export const reportsEn = {
  title: "Reports",
  month: "Month",
  therapist: "Therapist",
  allTherapists: "All therapists",
  loading: "Loading…",
  downloadFor: (month: string) => `Download the report of ${month} as CSV`,
  figures: (month: string) => `Figures of ${month}`,
  sessionsPerPatient: "Sessions per patient",
  noShowRate: "No-show rate",
  taxIdShare: "Patients with a tax ID",
  revenuePerHour: "Revenue per booked hour",
  revenue: "Revenue",
  netPayments: "Payments received",
  completed: "Completed visits",
  patients: "Patients",
  none: "—",
  ofTotal: (part: number, total: number) => `${part} of ${total}`,
  patientsChart: "New and recurring patients",
  newPatients: "New",
  recurringPatients: "Recurring",
  statusChart: "Visits by status",
  revenueChart: "Revenue by therapist",
  table: "Data table",
  label: "Label",
  value: "Value",
  chartSummary: (title: string, parts: string) => `${title}: ${parts}`,
  statuses: statusNamesEn,
  noProvider: "No therapist",
  clinicRevenue: "Clinic (no therapist)",
} as const;

/** The reports section's texts (every language has them all). */
export type ReportsTexts = {
  [K in keyof typeof reportsEn]: (typeof reportsEn)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof reportsEn)[K] extends string
      ? string
      : (typeof reportsEn)[K];
};
