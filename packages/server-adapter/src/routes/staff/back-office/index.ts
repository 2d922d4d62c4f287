// Every back-office route, in documentation order. Routes with a literal path that could also
// match a parameter route (`/invoices/:id.pdf` vs `/invoices/:id`) come first.

import type { AnyRouteSpec } from "../../define.js";
import {
  addCharge,
  createPaymentRoute,
  creditNotePdf,
  deleteInvoice,
  emailInvoiceRoute,
  emailReceiptRoute,
  getCreditNote,
  getInvoice,
  invoicePdf,
  issueCreditNoteRoute,
  issueInvoiceRoute,
  listCaseCharges,
  listInvoices,
  listPaymentsRoute,
  patchCharge,
  patchInvoice,
  putInvoice,
  receiptPdf,
  refundOnlineRoute,
  visitBilling,
  visitsBillingRoute,
  voidChargeRoute,
} from "./billing.js";
import { attachVisit, caseNotes, createCase, getCase, listCases, patchCase } from "./cases.js";
import {
  clientBalance,
  details,
  duplicates,
  exportClients,
  exportServices,
  importClientsRoute,
  importServicesRoute,
  intake,
  merge,
  search,
  summary,
} from "./clients.js";
import {
  addMemberCalendarRoute,
  changeMemberRoute,
  createMemberRoute,
  listMembersRoute,
  putTravelRoute,
} from "./members.js";
import { confirmIntent, createIntent, webhook } from "./online.js";
import { assign, getPackage, listPackages, nudge, refund, sell } from "./packages.js";
import {
  deleteProviderService,
  listLocations,
  monthlyReportCsv,
  monthlyReportRoute,
  providerServices,
  putGrants,
  putLocation,
  putProviderService,
  team,
} from "./team-reports.js";

/** The back-office routes (staff) and the public payment routes they come with. */
export const backOfficeRoutes: readonly AnyRouteSpec[] = [
  // clients
  intake,
  duplicates,
  search,
  details,
  summary,
  clientBalance,
  merge,
  importClientsRoute,
  importServicesRoute,
  exportClients,
  exportServices,
  // cases
  listCases,
  createCase,
  getCase,
  patchCase,
  attachVisit,
  caseNotes,
  // charges
  listCaseCharges,
  addCharge,
  patchCharge,
  voidChargeRoute,
  visitBilling,
  visitsBillingRoute,
  // invoices and credit notes
  issueInvoiceRoute,
  listInvoices,
  invoicePdf,
  getInvoice,
  patchInvoice,
  putInvoice,
  deleteInvoice,
  emailInvoiceRoute,
  issueCreditNoteRoute,
  creditNotePdf,
  getCreditNote,
  // payments
  createPaymentRoute,
  listPaymentsRoute,
  receiptPdf,
  emailReceiptRoute,
  refundOnlineRoute,
  // packages
  sell,
  listPackages,
  getPackage,
  assign,
  refund,
  nudge,
  // team
  team,
  listMembersRoute,
  createMemberRoute,
  changeMemberRoute,
  addMemberCalendarRoute,
  putTravelRoute,
  providerServices,
  putProviderService,
  deleteProviderService,
  listLocations,
  putLocation,
  putGrants,
  // reports
  monthlyReportCsv,
  monthlyReportRoute,
  // online payments (public)
  createIntent,
  confirmIntent,
  webhook,
];
