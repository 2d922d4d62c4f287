// A small typed client for the patient page and waitlist routes (its own chunk: the booking
// flow's client stays as it is). Errors are the widget's `BookwellApiError`.

import { BookwellApiError, newIdempotencyKey } from "../api/client.js";
import type { Booking, Money, Problem } from "../api/types.js";

/** What the patient may still do with a visit. */
export interface VisitPolicy {
  canCancel: boolean;
  canReschedule: boolean;
  cancellationFee: Money | null;
  freeUntil: string | null;
  reason?: string;
}

/** `GET /v1/patient/visits` answer. */
export interface MyVisitsAnswer {
  email: string;
  upcoming: { booking: Booking; policy: VisitPolicy; seriesId?: string }[];
  past: { booking: Booking; policy: VisitPolicy; seriesId?: string }[];
  series: {
    seriesId: string;
    serviceName: string;
    total: number;
    upcoming: number;
    next: string | null;
  }[];
  packages: {
    id: string;
    name: string;
    sold: number;
    used: number;
    remaining: number;
    expiresOn: string | null;
    expired: boolean;
    line: string;
  }[];
  documents: { id: string; kind: string; number: string; issuedAt: string }[];
  waitlist: { id: string; serviceId: string; providerId: string; expiresAt: string }[];
}

/** A time offered to a waitlist entry (`GET /v1/waitlist-offers/:token`). */
export interface WaitlistOffer {
  id: string;
  status: "open" | "booked" | "lapsed" | "taken" | "withdrawn";
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  timeZone: string;
  exclusive: boolean;
  expiresAt: string;
  /** The cancellation terms of booking the offered time now (the server's, as for a hold). */
  terms?: {
    freeUntil: string | null;
    lateFee: { amount: number; currency: string } | null;
    /** The fee applies from booking: confirming needs the patient's consent. */
    feeFromBooking: boolean;
  };
}

/** A waitlist join request (`POST /v1/waitlist`). */
export interface JoinWaitlistBody {
  serviceId: string;
  providerId: string;
  weekdays?: number[];
  timeOfDay?: { from: string; to: string };
  dateFrom?: string;
  dateTo?: string;
  client: { name: string; email: string; phone?: string };
  locale?: string;
}

/** Options of {@link createPatientApi}. */
export interface PatientApiOptions {
  /** Base URL the routes hang under (`/v1/...` is appended). */
  api: string;
  clinic?: string | undefined;
  fetch?: typeof fetch | undefined;
}

/** The patient page's client. */
export interface PatientApi {
  requestSignIn(email: string, locale?: string): Promise<void>;
  openSession(token: string): Promise<{ sessionToken: string; expiresAt: string; email: string }>;
  /** `locale`: the page's language, for the package balance lines the server writes. */
  myVisits(session: string, locale?: string): Promise<MyVisitsAnswer>;
  cancel(session: string, visitId: string): Promise<{ booking: Booking; fee: Money | null }>;
  documentPdf(session: string, documentId: string): Promise<Blob>;
  /** Free times of a service with a provider (`GET /v1/slots`), days `from`–`to` inclusive. */
  freeTimes(query: {
    serviceId: string;
    providerId: string;
    from: string;
    to: string;
  }): Promise<{ start: string; providerId: string }[]>;
  reschedule(session: string, visitId: string, start: string): Promise<{ booking: Booking }>;
  joinWaitlist(body: JoinWaitlistBody): Promise<{ token: string }>;
  leaveWaitlist(session: string, entryId: string): Promise<void>;
  getOffer(token: string): Promise<WaitlistOffer>;
  /** Books the offered time; `policyConsent` when the offer's terms say a fee applies from booking. */
  confirmOffer(
    token: string,
    policyConsent?: boolean,
  ): Promise<{ booking: Booking; manageToken: string }>;
}

/**
 * Creates the patient page's client.
 *
 * @example
 * const api = createPatientApi({ api: "https://clinic.example/api", clinic: "lisbon" });
 * await api.requestSignIn("ana@example.com");
 */
export function createPatientApi(options: PatientApiOptions): PatientApi {
  const base = options.api.replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  async function send(
    method: string,
    path: string,
    init: { body?: unknown; session?: string; idempotent?: boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.clinic) headers["x-bookwell-clinic"] = options.clinic;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.session) headers.authorization = `Bearer ${init.session}`;
    if (init.idempotent) headers["idempotency-key"] = newIdempotencyKey();
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch {
      throw new BookwellApiError({ status: 0, code: "NETWORK", title: "Network error" } as Problem);
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Problem;
      throw new BookwellApiError({ ...problem, status: response.status });
    }
    return response;
  }
  const json = async <T>(response: Promise<Response>): Promise<T> =>
    (await response).json() as Promise<T>;
  return {
    async requestSignIn(email, locale) {
      await send("POST", "/v1/patient/sign-in", { body: { email, ...(locale ? { locale } : {}) } });
    },
    openSession: (token) => json(send("POST", "/v1/patient/sessions", { body: { token } })),
    myVisits: (session, locale) =>
      json(
        send("GET", `/v1/patient/visits${locale ? `?locale=${encodeURIComponent(locale)}` : ""}`, {
          session,
        }),
      ),
    cancel: (session, id) =>
      json(
        send("POST", `/v1/patient/visits/${encodeURIComponent(id)}/cancel`, {
          session,
          body: {},
          idempotent: true,
        }),
      ),
    documentPdf: async (session, id) =>
      (
        await send("GET", `/v1/patient/documents/${encodeURIComponent(id)}/pdf`, { session })
      ).blob(),
    freeTimes: async (q) => {
      const params = new URLSearchParams(q).toString();
      return (
        await json<{ slots: { start: string; providerId: string }[] }>(
          send("GET", `/v1/slots?${params}`),
        )
      ).slots;
    },
    reschedule: (session, id, start) =>
      json(
        send("POST", `/v1/patient/visits/${encodeURIComponent(id)}/reschedule`, {
          session,
          body: { start },
          idempotent: true,
        }),
      ),
    leaveWaitlist: async (session, id) => {
      await send("DELETE", `/v1/patient/waitlist/${encodeURIComponent(id)}`, { session });
    },
    joinWaitlist: (body) => json(send("POST", "/v1/waitlist", { body, idempotent: true })),
    getOffer: async (token) =>
      (
        await json<{ offer: WaitlistOffer }>(
          send("GET", `/v1/waitlist-offers/${encodeURIComponent(token)}`),
        )
      ).offer,
    confirmOffer: (token, policyConsent) =>
      json(
        send("POST", `/v1/waitlist-offers/${encodeURIComponent(token)}/confirm`, {
          idempotent: true,
          body: policyConsent ? { policyConsent: true } : {},
        }),
      ),
  };
}
