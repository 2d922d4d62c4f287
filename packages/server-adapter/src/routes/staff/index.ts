// Every staff route, in documentation order.

import type { AnyRouteSpec } from "../define.js";
import { staffAccountRoutes } from "./accounts.js";
import {
  createKey,
  dayView,
  getSettings,
  listAudit,
  listKeys,
  me,
  patchSettings,
  rangeView,
  revokeKey,
} from "./admin.js";
import {
  addNote,
  copy,
  createAppointment,
  getAppointment,
  listAppointments,
  listNotes,
  move,
  repeat,
  setStatus,
} from "./appointments.js";
import { backOfficeRoutes } from "./back-office/index.js";
import {
  addOverride,
  addTimeOff,
  createCalendar,
  deleteCalendar,
  getCalendar,
  listCalendars,
  patchCalendar,
  removeOverrides,
} from "./calendars.js";
import { createClient, getClient, listClients, patchClient } from "./clients.js";
import { listHolidays } from "./holidays.js";
import {
  getBookingNotifications,
  getMessageSettingsRoute,
  listDead,
  previewMessageRoute,
  putBookingNotifications,
  putMessageSettingsRoute,
  retryDead,
} from "./notifications.js";
import {
  createService,
  deleteService,
  getService,
  listServices,
  patchService,
} from "./services.js";
import { shiftPlan } from "./shift-plan.js";
import { staffSlots } from "./slots.js";
import { listWaitlist, offerWaitlistTime, removeWaitlistEntry } from "./waitlist.js";

/** The staff routes. */
export const staffRoutes: readonly AnyRouteSpec[] = [
  ...staffAccountRoutes,
  me,
  listCalendars,
  createCalendar,
  getCalendar,
  patchCalendar,
  deleteCalendar,
  addOverride,
  removeOverrides,
  addTimeOff,
  shiftPlan,
  listHolidays,
  listServices,
  createService,
  getService,
  patchService,
  deleteService,
  listClients,
  createClient,
  getClient,
  patchClient,
  listAppointments,
  createAppointment,
  getAppointment,
  setStatus,
  move,
  copy,
  repeat,
  staffSlots,
  listWaitlist,
  offerWaitlistTime,
  removeWaitlistEntry,
  listNotes,
  addNote,
  dayView,
  rangeView,
  listAudit,
  listKeys,
  createKey,
  revokeKey,
  getSettings,
  patchSettings,
  listDead,
  retryDead,
  getBookingNotifications,
  putBookingNotifications,
  getMessageSettingsRoute,
  putMessageSettingsRoute,
  previewMessageRoute,
  ...backOfficeRoutes,
];
