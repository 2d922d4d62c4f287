// A small typed client for the staff routes (`/v1/staff/…`, docs/server/staff-api.md). It is
// separate from the patient client (src/api/client.ts) so that the patient bundle never carries it.

/** One violation of the engine's booking rules, as the server reports it. */
export interface StaffViolation {
  code: string;
  severity: string;
  message?: string;
  calendarId?: string;
}

/** A problem+json answer of the staff API (or `NETWORK`). */
export interface StaffProblem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  violations?: StaffViolation[];
  allowedActions?: string[];
  errors?: Array<{ field: string; message: string }>;
}

/**
 * The error every staff request throws: the server's problem, or `NETWORK`.
 *
 * @example
 * try { await api.move(id, { start }); } catch (e) { if (e instanceof StaffApiError) console.log(e.violations); }
 */
export class StaffApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: StaffProblem;

  constructor(problem: StaffProblem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = "StaffApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** The engine's violations named by the answer (empty when none). */
  get violations(): StaffViolation[] {
    return this.problem.violations ?? [];
  }

  /**
   * Whether `error` is a staff API error — also one thrown by another copy of this class (a staff
   * section loaded as its own script file has its own copy, so `instanceof` is not enough).
   *
   * @example
   * catch (e) { if (StaffApiError.is(e)) console.log(e.code); }
   */
  static is(error: unknown): error is StaffApiError {
    return (
      error instanceof StaffApiError ||
      (error instanceof Error &&
        error.name === "StaffApiError" &&
        typeof (error as { code?: unknown }).code === "string" &&
        typeof (error as { problem?: unknown }).problem === "object")
    );
  }
}

/** Who the credentials belong to. */
export interface StaffMe {
  clinicId: string;
  role: "manager" | "front_desk" | "provider" | string;
  actorId: string;
  /** A provider's granted calendars; `null` for roles that see every calendar. */
  calendarIds: string[] | null;
  /** The clinic's zone, locale and currency (servers before the staff app may leave it out). */
  clinic?: { timeZone: string; locale: string; currency: string };
}

/** A wall-time range such as a break, `HH:MM`. */
export interface WallRange {
  start: string;
  end: string;
}

/** A calendar (provider, room, equipment) in the engine's model. */
export interface StaffCalendar {
  id: string;
  kind: "provider" | "room" | "equipment" | string;
  name: string;
  locationId?: string;
  disciplines?: string[];
  /** For rooms and equipment: the kind a service asks for (e.g. `treatment-room`). */
  resourceKind?: string;
  timeZone?: string;
  weekly?: Array<
    WallRange & { weekday: number; breaks?: WallRange[]; validFrom?: string; validUntil?: string }
  >;
  overrides?: Array<
    | { type: "closed"; date: string; start?: string; end?: string; reason?: string }
    | { type: "hours" | "extra"; date: string; hours: Array<WallRange & { breaks?: WallRange[] }> }
  >;
  visibleHours?: WallRange;
  /** Time off (vacation, training) between two instants. */
  timeOff?: Array<{ start: string; end: string; reason?: string }>;
  active?: boolean;
  version?: number;
}

/** A service as staff see it. */
export interface StaffService {
  id: string;
  name: string;
  /** `false` once removed (archived): past visits still name it, new ones cannot book it. */
  active?: boolean;
  discipline?: string;
  durationMinutes?: number;
  price?: { amount: number; currency: string };
}

/** A client of the clinic as staff see it. */
export interface StaffClientInfo {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

/** Every appointment status of the clinic workflow. */
export type AppointmentStatus =
  | "booked"
  | "confirmed"
  | "arrived"
  | "started"
  | "completed"
  | "no_show"
  | "canceled"
  | "rebooked";

/** Statuses in workflow order (the calendar's status bar, the reports' bars). */
export const STATUSES: readonly AppointmentStatus[] = [
  "booked",
  "confirmed",
  "arrived",
  "started",
  "completed",
  "no_show",
  "canceled",
  "rebooked",
];

/** A status action of `POST /appointments/:id/status`. */
export type StatusAction =
  | "confirm"
  | "arrive"
  | "start"
  | "complete"
  | "no_show"
  | "cancel"
  | "rollback";

/** An appointment as staff see it; `start`/`end` are in the clinic's zone with its offset. */
export interface StaffAppointment {
  id: string;
  status: AppointmentStatus;
  serviceId: string;
  providerId: string;
  calendarIds: string[];
  start: string;
  end: string;
  channel: string;
  clientId?: string;
  seriesId?: string;
  contact?: { name: string; email: string; phone?: string };
  patientMessage?: string;
  price: { amount: number; currency: string };
  allowOverlap: boolean;
  allowedActions: string[];
  version: number;
}

/** `GET /v1/staff/views/day`. */
export interface DayView {
  timeZone: string;
  from: string;
  to: string;
  /** Each calendar with the team member it belongs to (one person's calendars at several sites). */
  calendars: Array<{
    id: string;
    name: string;
    kind: string;
    member?: { id: string; name: string };
  }>;
  appointments: StaffAppointment[];
  counts: { total: number; statuses: Array<{ status: string; count: number }> };
}

/** A private note of an appointment. */
export interface StaffNote {
  id: string;
  text: string;
  author?: string;
  createdAt?: string;
}

/** One audit entry. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  detail: Record<string, unknown>;
}

/** A side effect of a status change (charges added or voided, notifications…). */
export interface StatusEffect {
  type: string;
  reason?: string;
  count?: number;
  [key: string]: unknown;
}

/** Soft violations to accept: codes, or every soft one. */
export type Overrides = string[] | "all-soft";

/** Body of `POST /v1/staff/appointments`. */
export interface CreateAppointmentInput {
  serviceId: string;
  providerId: string;
  resourceIds?: string[];
  start: string;
  clientId?: string;
  client?: { name: string; email?: string; phone?: string };
  overrides?: Overrides;
  note?: string;
}

/** Body of `POST /v1/staff/appointments/:id/move`. */
export interface MoveInput {
  start: string;
  /** New length in minutes (resize); default the visit's current length. */
  durationMinutes?: number;
  providerId?: string;
  resourceIds?: string[];
  overrides?: Overrides;
  reason?: string;
}

/** Query of `GET /v1/staff/slots` ("find a time"). */
export interface FindSlotsQuery {
  serviceId: string;
  /** First and last local day, `YYYY-MM-DD` (at most 62 days apart). */
  from: string;
  to: string;
  /** Provider calendars, each searched on its own; empty or absent: any available. */
  calendarIds?: string[];
}

/** A free time; `start`/`end` in the clinic's zone with its offset. */
export interface StaffSlot {
  start: string;
  end: string;
  providerId: string;
  resourceIds: string[];
  remaining: number;
}

/** One date of a copy or repeat plan: free (`ok`) or not, with the engine's violations. */
export interface PlanResult {
  start: string;
  date: string;
  status: "ok" | "conflict" | string;
  violations: StaffViolation[];
  /** The violations that stop this date (hard ones, or soft ones not overridden). */
  blocking: StaffViolation[];
  /** The new visit's id once booked. */
  appointmentId: string | null;
  /** For a conflict: the nearest free start that local day. */
  alternative?: { start: string; end: string; providerId: string };
}

/** Answer of the copy and repeat routes. */
export interface PlanResponse {
  results: PlanResult[];
  summary: { total: number; ok: number; conflicts: number };
  dryRun: boolean;
}

/** Body of `POST /v1/staff/appointments/:id/repeat`: ISO weekdays (1 = Monday) × weeks. */
export interface RepeatInput {
  weekdays: number[];
  weeks: number;
  dryRun: boolean;
  mode?: "all-valid" | "all-or-nothing";
}

/** Body of `POST /v1/staff/appointments/:id/copy`. */
export interface CopyInput {
  starts: string[];
  dryRun: boolean;
  mode?: "all-valid" | "all-or-nothing";
}

/** `GET /v1/staff/appointments/:id/billing`, the part the calendar shows. */
export interface VisitBilling {
  caseId: string | null;
  paid: boolean;
  charges: Array<{ id: string; description: string; status: string }>;
  package: {
    id: string;
    name: string;
    balance: { line: string; remaining: number };
    usedByThisVisit: boolean;
  } | null;
}

/** Options of {@link createStaffClient}. */
export interface StaffClientOptions {
  /** Base URL the routes hang under (`/v1/staff/...` is appended). */
  api: string;
  /** A Bookwell API key (`bw_sk_…`), sent as `Authorization: Bearer`. */
  apiKey?: string | undefined;
  /** Or: a function returning a bearer token for each request (your own login). */
  getToken?: (() => string | Promise<string>) | undefined;
  /** Clinic id, sent as `X-Bookwell-Clinic` when given. */
  clinic?: string | undefined;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch | undefined;
  /**
   * Called when the server answers `401 UNAUTHORIZED` to a request made on the session cookie
   * (no API key or token): the session ended (signed out everywhere, account deactivated,
   * expired), so the app can show its sign-in screen again.
   */
  onSessionEnded?: (() => void) | undefined;
  /**
   * The screen's language, sent as `Accept-Language` on every request so the server words its
   * problems (titles, details, field messages) in it; default `en`, the staff app's default.
   */
  locale?: string | undefined;
}

/** What {@link StaffClient.request} accepts besides the method and path. */
export interface StaffRequestInit {
  query?: Record<string, string> | undefined;
  body?: unknown;
  /** A file sent as the raw body with its content type (a CSV upload), instead of JSON `body`. */
  file?: { type: string; data: Blob } | undefined;
  signal?: AbortSignal | undefined;
  idempotencyKey?: string | undefined;
}

/** A typed client for the staff API. */
export interface StaffClient {
  /** The API's base URL the client calls (`/v1/staff/...` hangs under it), when known. */
  readonly api?: string;
  /**
   * Any staff route (`path` is relative to `/v1/staff`), with the client's authentication; a
   * problem answer throws {@link StaffApiError}. The staff app's sections use it for their routes.
   */
  request<T>(method: string, path: string, init?: StaffRequestInit): Promise<T>;
  /**
   * A file route (a PDF, a CSV) as a `Blob`, with the client's authentication (an `<iframe>` or a
   * link could not send it); a problem answer throws {@link StaffApiError}.
   */
  download(path: string, init?: Pick<StaffRequestInit, "query" | "signal">): Promise<Blob>;
  me(): Promise<StaffMe>;
  calendars(): Promise<StaffCalendar[]>;
  services(): Promise<StaffService[]>;
  clients(): Promise<StaffClientInfo[]>;
  dayView(date: string, signal?: AbortSignal): Promise<DayView>;
  /** Several days (`from`–`to` inclusive, at most 62 days apart). */
  rangeView(from: string, to: string): Promise<DayView>;
  /**
   * Book a visit. Send the same `idempotencyKey` when retrying the same booking (after a network
   * failure the server may have booked it): the server answers with that booking again.
   */
  create(
    body: CreateAppointmentInput,
    idempotencyKey?: string,
  ): Promise<{ appointment: StaffAppointment }>;
  status(
    id: string,
    action: StatusAction,
    reason?: string,
  ): Promise<{ appointment?: StaffAppointment; effects?: StatusEffect[] }>;
  move(id: string, body: MoveInput): Promise<unknown>;
  notes(id: string): Promise<StaffNote[]>;
  addNote(id: string, text: string): Promise<unknown>;
  audit(id: string): Promise<AuditEntry[]>;
  /** Repeat a visit on weekdays × weeks (dry run first), a result per date. */
  repeat(id: string, body: RepeatInput): Promise<PlanResponse>;
  /** Copy a visit to other starts (dry run first), a result per date. */
  copy(id: string, body: CopyInput): Promise<PlanResponse>;
  /** The visit's case, charges, payment state and package. */
  billing(id: string): Promise<VisitBilling>;
  /** Free times of a service across calendars (`GET /v1/staff/slots`). */
  findSlots(query: FindSlotsQuery): Promise<{ timeZone: string; slots: StaffSlot[] }>;
  /** A case's title and status (an audited read). */
  caseInfo(id: string): Promise<{ id: string; title: string; status: string }>;
}

function unwrapList<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === "object") {
    const value = (body as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

/**
 * Creates a client for the staff routes, authenticated with an API key or a token function.
 *
 * @example
 * const staff = createStaffClient({ api: "https://clinic.example/api", apiKey: "bw_sk_…" });
 * const day = await staff.dayView("2026-03-09");
 */
export function createStaffClient(options: StaffClientOptions): StaffClient {
  const base = options.api.replace(/\/+$/, "");

  async function send(
    method: string,
    path: string,
    init: StaffRequestInit,
    accept: string,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept,
      "accept-language": options.locale ?? "en",
    };
    const token = options.getToken ? await options.getToken() : options.apiKey;
    if (token) headers.authorization = `Bearer ${token}`;
    // Without a key or token the session cookie authenticates (a same-origin staff page signed in
    // with a staff account); the server wants the CSRF header on every change made with it.
    else if (method !== "GET") headers["x-bookwell-csrf"] = "1";
    if (options.clinic) headers["x-bookwell-clinic"] = options.clinic;
    if (init.file) headers["content-type"] = init.file.type;
    else if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
    const search = new URLSearchParams(init.query ?? {}).toString();
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(`${base}/v1/staff${path}${search ? `?${search}` : ""}`, {
        method,
        headers,
        ...(token ? {} : { credentials: "include" as const }),
        ...(init.file
          ? { body: init.file.data }
          : init.body === undefined
            ? {}
            : { body: JSON.stringify(init.body) }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new StaffApiError({ status: 0, code: "NETWORK", detail: String(error) });
    }
    return response;
  }

  function problemOf(response: Response, text: string): StaffApiError {
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const error = new StaffApiError(
      body && typeof body === "object" && "code" in body
        ? { ...(body as StaffProblem), status: response.status }
        : { status: response.status, code: `HTTP_${response.status}` },
    );
    if (error.status === 401 && error.code === "UNAUTHORIZED" && !options.apiKey) {
      if (!options.getToken) options.onSessionEnded?.();
    }
    return error;
  }

  async function request<T>(method: string, path: string, init: StaffRequestInit = {}): Promise<T> {
    const response = await send(method, path, init, "application/json");
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!response.ok) throw problemOf(response, text);
    try {
      return (text ? JSON.parse(text) : null) as T;
    } catch {
      return null as T;
    }
  }
  const apt = (id: string) => `/appointments/${encodeURIComponent(id)}`;

  async function download(
    path: string,
    init: Pick<StaffRequestInit, "query" | "signal"> = {},
  ): Promise<Blob> {
    const response = await send("GET", path, init, "*/*");
    if (!response.ok) throw problemOf(response, await response.text());
    return response.blob();
  }

  return {
    api: base,
    request,
    download,
    me: () => request("GET", "/me"),
    calendars: async () => unwrapList(await request("GET", "/calendars"), "calendars"),
    services: async () => unwrapList(await request("GET", "/services"), "services"),
    clients: async () =>
      unwrapList(await request("GET", "/clients", { query: { limit: "500" } }), "clients"),
    dayView: (date, signal) =>
      request("GET", "/views/day", { query: { date, includeHidden: "true" }, signal }),
    rangeView: (from, to) =>
      request("GET", "/views/range", { query: { from, to, includeHidden: "true" } }),
    create: (body, idempotencyKey) => request("POST", "/appointments", { body, idempotencyKey }),
    status: (id, action, reason) =>
      request("POST", `${apt(id)}/status`, { body: reason ? { action, reason } : { action } }),
    move: (id, body) => request("POST", `${apt(id)}/move`, { body }),
    notes: async (id) => unwrapList(await request("GET", `${apt(id)}/notes`), "notes"),
    addNote: (id, text) => request("POST", `${apt(id)}/notes`, { body: { text } }),
    audit: async (id) =>
      unwrapList(
        await request("GET", "/audit", {
          query: { entityType: "appointment", entityId: id, limit: "100" },
        }),
        "entries",
      ),
    repeat: (id, body) => request("POST", `${apt(id)}/repeat`, { body }),
    copy: (id, body) => request("POST", `${apt(id)}/copy`, { body }),
    billing: (id) => request("GET", `${apt(id)}/billing`),
    findSlots: ({ calendarIds, ...rest }) =>
      request("GET", "/slots", {
        query: calendarIds?.length ? { ...rest, calendarIds: calendarIds.join(",") } : rest,
      }),
    caseInfo: async (id) =>
      (
        await request<{ case: { id: string; title: string; status: string } }>(
          "GET",
          `/cases/${encodeURIComponent(id)}`,
        )
      ).case,
  };
}
