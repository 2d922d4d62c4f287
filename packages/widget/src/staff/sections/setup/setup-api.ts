// The staff routes the setup section calls, typed, over the shell's `client.request`
// (docs/server/staff-api.md and the OpenAPI document): clinic settings, locations, calendars
// (therapists, rooms, equipment), services with their policies, provider catalogs, the shift
// planner, date overrides and time off, and the message settings. The rules stay on the server:
// this file only names the routes and their bodies.

import type { StaffCalendar, StaffClient } from "../../api.js";

/** The clinic's settings as a manager sees them (`GET /settings`). */
export interface ClinicSettings {
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  currency: string;
  allowedOrigins: string[];
  taxId?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  /** `#rrggbb`: the booking widget's primary colour. */
  brandColor?: string | null;
  /** An https address of the clinic's logo image. */
  logoUrl?: string | null;
  /** Whether a free cancellation refunds the visit's online payment (default true). */
  refundOnFreeCancel?: boolean;
  /** The clinic's country, ISO 3166-1 alpha-2 (`PT`). */
  country?: string | null;
  /** The country whose holidays are offered (the server's answer: `country`, else the locale's region). */
  holidayCountry?: string;
  version?: number;
}

/** A change of settings (`PATCH /settings`): only what is named changes; `null` clears a field. */
export type SettingsChange = Partial<Omit<ClinicSettings, "id" | "version" | "holidayCountry">>;

/** A place the clinic works at. */
export interface Location {
  id: string;
  name: string;
  timeZone: string;
  address?: string;
  phone?: string;
}

/** Money in minor units. */
export interface Money {
  amount: number;
  currency: string;
}

/** A fee: a fixed amount or a share in basis points (5000 = 50 %). */
export type FeeRule = { type: "fixed"; amount: Money } | { type: "percent"; basisPoints: number };

/** The rules a service carries (`policies`), as the server stores them. */
export interface ServicePolicies {
  cancellationPolicy?: {
    freeUntilHoursBefore: number;
    lateFee?: FeeRule | null;
    online?: "allowed" | "free_window_only" | "never";
  } | null;
  noShowFee?: FeeRule | null;
  /** What the patient pays online when booking (the server computes the amount). */
  onlinePayment?:
    | { type: "none" }
    | { type: "full" }
    | { type: "deposit"; deposit: FeeRule }
    | null;
  onlineBookingBlock?: { afterNoShows: number; withinDays: number } | null;
  billingItems?: Array<{
    description: string;
    unitPrice: Money;
    quantity?: number;
    coveredByPackage?: boolean;
  }> | null;
}

/** A service as the setup section writes and reads it. */
export interface SetupService {
  id?: string;
  name: string;
  category?: string;
  discipline: string;
  durationMinutes: number;
  price: Money;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  slotIntervalMinutes?: number;
  leadTimeMinutes?: number;
  horizonDays?: number;
  resourceKinds?: string[];
  locationIds?: string[];
  providerIds?: string[];
  capacity?: number;
  onlineBookable?: boolean;
  /** `false` once removed (archived): the server then offers it nowhere. */
  active?: boolean;
  description?: string;
  policies?: ServicePolicies;
  version?: number;
}

/** A new calendar (therapist, room or equipment). */
export interface NewCalendar {
  id?: string;
  kind: "provider" | "room" | "equipment";
  name: string;
  locationId: string;
  disciplines?: string[];
  resourceKind?: string;
  timeZone: string;
}

/** A team member: one person, with a provider calendar per location they work at. */
export interface TeamMember {
  id: string;
  name: string;
  photoUrl?: string;
  bio?: string;
  disciplines: string[];
  email?: string;
  active: boolean;
  calendars: Array<{ id: string; name?: string; locationId: string; active: boolean }>;
}

/** A new team member (`POST /team/members`): one provider calendar per listed location. */
export interface NewMember {
  id: string;
  name: string;
  photoUrl?: string;
  bio?: string;
  disciplines: string[];
  email?: string;
  locations: Array<{ locationId: string }>;
}

/** One row of a weekly pattern: these weekdays, these hours, these breaks. */
export interface PatternRow {
  weekdays: number[];
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
}

/** A visit the new hours would leave outside working time. */
export interface StrandedVisit {
  appointmentId: string;
  status: string;
  start: string;
  end: string;
  date: string;
  reason: "OUTSIDE_HOURS" | "IN_BREAK";
  newlyOutside: boolean;
}

/** The shift planner's answer (`POST /calendars/shift-plan`). */
export interface ShiftPlanAnswer {
  applied: boolean;
  validFrom: string;
  validUntil?: string;
  calendars: Array<{ calendarId: string; conflicts: StrandedVisit[] }>;
  summary: { calendars: number; conflicts: number; calendarsWithConflicts: number };
}

/** Message types the clinic can switch on and off. */
export const MESSAGE_TYPES = ["new", "rescheduled", "canceled", "no_show", "reminder"] as const;
/** A message type. */
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** The clinic's message settings (`GET`/`PUT /notifications/settings`); only what it set. */
export interface MessageSettings {
  settings: {
    types?: Partial<Record<MessageType, { enabled?: boolean; channels?: string[] }>>;
    defaultSend?: boolean;
    reminderOffsetsMinutes?: number[];
    quietHours?: { start: string; end: string };
    coalesceMinutes?: number;
  };
  providers: Array<{ providerId: string; noticeEmail?: string }>;
  templates: Partial<
    Record<"en" | "pt" | "es", Partial<Record<MessageType, { subject?: string; intro?: string }>>>
  >;
  version: number;
}

/** A country's public holidays in a year (`GET /holidays`). */
export interface HolidayList {
  country: string;
  countryName: string;
  region?: string;
  year: number;
  holidays: Array<{ date: string; name: string }>;
}

const enc = encodeURIComponent;

/** The typed calls of the setup section. */
export interface SetupApi {
  settings(): Promise<ClinicSettings>;
  saveSettings(change: SettingsChange): Promise<ClinicSettings>;
  locations(): Promise<Location[]>;
  saveLocation(location: Location): Promise<Location>;
  calendars(): Promise<StaffCalendar[]>;
  members(): Promise<TeamMember[]>;
  addMember(member: NewMember): Promise<TeamMember>;
  addCalendar(calendar: NewCalendar): Promise<StaffCalendar>;
  /** Changes the fields sent of a calendar (`PATCH /calendars/:id`). */
  changeCalendar(
    id: string,
    change: Partial<Pick<StaffCalendar, "name" | "disciplines" | "resourceKind" | "active">>,
  ): Promise<StaffCalendar>;
  /** Removes a calendar (`DELETE /calendars/:id`): archived, or refused while visits are ahead. */
  removeCalendar(id: string): Promise<StaffCalendar>;
  services(): Promise<SetupService[]>;
  addService(service: SetupService): Promise<SetupService>;
  /** Changes the fields sent of a service (`PATCH /services/:id`). */
  changeService(id: string, change: Partial<SetupService>): Promise<SetupService>;
  /** Removes a service (`DELETE /services/:id`): archived, or refused while visits are ahead. */
  removeService(id: string): Promise<SetupService>;
  offer(
    providerId: string,
    serviceId: string,
    price: Money | null,
    active?: boolean,
  ): Promise<unknown>;
  withdraw(providerId: string, serviceId: string): Promise<unknown>;
  planShifts(body: {
    calendarIds: string[];
    pattern: PatternRow[];
    startDate: string;
    weeks?: number;
    apply: boolean;
    acceptConflicts?: boolean;
  }): Promise<ShiftPlanAnswer>;
  /** The public holidays of a country in a year, named in the clinic's language. */
  holidays(country: string, year: number): Promise<HolidayList>;
  closeDate(calendarId: string, date: string, reason?: string): Promise<unknown>;
  specialHours(calendarId: string, date: string, hours: PatternRow[]): Promise<unknown>;
  timeOff(calendarId: string, start: string, end: string, reason?: string): Promise<unknown>;
  messages(): Promise<MessageSettings>;
  /** The real message of one kind in one language for a sample visit, with unsaved texts. */
  previewMessage(body: {
    kind: MessageType;
    language: "en" | "pt" | "es";
    templates?: MessageSettings["templates"];
  }): Promise<{ subject: string; text: string; html: string; short: string }>;
  saveMessages(settings: MessageSettings): Promise<MessageSettings>;
}

/**
 * The setup section's calls over a staff client.
 *
 * @example
 * const api = setupApi(client);
 * await api.saveSettings({ name: "Clínica Sol", timeZone: "Europe/Lisbon" });
 */
export function setupApi(client: StaffClient): SetupApi {
  const r = client.request.bind(client);
  return {
    settings: async () => (await r<{ settings: ClinicSettings }>("GET", "/settings")).settings,
    saveSettings: async (change) =>
      (await r<{ settings: ClinicSettings }>("PATCH", "/settings", { body: change })).settings,
    locations: async () => (await r<{ locations: Location[] }>("GET", "/locations")).locations,
    saveLocation: async ({ id, ...body }) =>
      (await r<{ location: Location }>("PUT", `/locations/${enc(id)}`, { body })).location,
    calendars: () => client.calendars(),
    members: async () => (await r<{ members: TeamMember[] }>("GET", "/team/members")).members,
    addMember: async (member) =>
      (await r<{ member: TeamMember }>("POST", "/team/members", { body: member })).member,
    addCalendar: async (calendar) =>
      (await r<{ calendar: StaffCalendar }>("POST", "/calendars", { body: calendar })).calendar,
    changeCalendar: async (id, body) =>
      (await r<{ calendar: StaffCalendar }>("PATCH", `/calendars/${enc(id)}`, { body })).calendar,
    removeCalendar: async (id) =>
      (await r<{ calendar: StaffCalendar }>("DELETE", `/calendars/${enc(id)}`)).calendar,
    changeService: async (id, body) =>
      (await r<{ service: SetupService }>("PATCH", `/services/${enc(id)}`, { body })).service,
    removeService: async (id) =>
      (await r<{ service: SetupService }>("DELETE", `/services/${enc(id)}`)).service,
    // Every service, removed ones too (`active: false`): the wizard lists those apart.
    services: async () => (await r<{ services: SetupService[] }>("GET", "/services")).services,
    addService: async (service) =>
      (await r<{ service: SetupService }>("POST", "/services", { body: service })).service,
    offer: (providerId, serviceId, price, active = true) =>
      r("PUT", `/providers/${enc(providerId)}/services/${enc(serviceId)}`, {
        body: { price, active },
      }),
    withdraw: (providerId, serviceId) =>
      r("DELETE", `/providers/${enc(providerId)}/services/${enc(serviceId)}`),
    planShifts: (body) => r<ShiftPlanAnswer>("POST", "/calendars/shift-plan", { body }),
    holidays: (country, year) =>
      r<HolidayList>("GET", `/holidays?country=${enc(country)}&year=${enc(String(year))}`),
    closeDate: (calendarId, date, reason) =>
      r("POST", `/calendars/${enc(calendarId)}/overrides`, {
        body: { type: "closed", date, ...(reason ? { reason } : {}) },
      }),
    specialHours: (calendarId, date, hours) =>
      r("POST", `/calendars/${enc(calendarId)}/overrides`, {
        body: {
          type: "hours",
          date,
          hours: hours.map(({ start, end, breaks }) => ({ start, end, breaks })),
        },
      }),
    timeOff: (calendarId, start, end, reason) =>
      r("POST", `/calendars/${enc(calendarId)}/time-off`, {
        body: { start, end, ...(reason ? { reason } : {}) },
      }),
    messages: () => r<MessageSettings>("GET", "/notifications/settings"),
    previewMessage: (body) => r("POST", "/notifications/preview", { body }),
    saveMessages: ({ version, ...settings }) =>
      r<MessageSettings>("PUT", "/notifications/settings", {
        body: { ...settings, expectedVersion: version },
      }),
  };
}

export { needsSetup } from "../needs-setup.js";
