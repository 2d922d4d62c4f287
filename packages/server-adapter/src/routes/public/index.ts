// Every public (patient) route, in documentation order.

import type { AnyRouteSpec } from "../define.js";
import {
  cancelManaged,
  createBooking,
  getManaged,
  managedIcs,
  rescheduleManaged,
} from "./bookings.js";
import { getClinic, listProviders, listServices } from "./catalog.js";
import { createHold, deleteHold, extendHoldRoute } from "./holds.js";
import { listManagedSlots } from "./manage-slots.js";
import {
  cancelMineRoute,
  leaveMyWaitlistRoute,
  myDocumentPdf,
  myVisitsRoute,
  openSessionRoute,
  requestSignInRoute,
  rescheduleMineRoute,
  updateProfileRoute,
} from "./patient.js";
import { listSlots } from "./slots.js";
import {
  confirmWaitlistOffer,
  getWaitlistEntry,
  getWaitlistOffer,
  joinWaitlistRoute,
  leaveWaitlistRoute,
} from "./waitlist.js";

/** The public routes. */
export const publicRoutes: readonly AnyRouteSpec[] = [
  getClinic,
  listServices,
  listProviders,
  listSlots,
  createHold,
  extendHoldRoute,
  deleteHold,
  createBooking,
  getManaged,
  listManagedSlots,
  rescheduleManaged,
  cancelManaged,
  managedIcs,
  requestSignInRoute,
  openSessionRoute,
  myVisitsRoute,
  cancelMineRoute,
  rescheduleMineRoute,
  myDocumentPdf,
  updateProfileRoute,
  leaveMyWaitlistRoute,
  joinWaitlistRoute,
  getWaitlistEntry,
  leaveWaitlistRoute,
  getWaitlistOffer,
  confirmWaitlistOffer,
];
