// Loads the sample clinic's therapists, rooms and services through the staff API, the way a
// clinic's admin tool or a migration script would: plain HTTP with a manager API key.
import { calendars, services } from "@bookwell/sample-clinic";

/**
 * POSTs every sample calendar and service to `${apiUrl}/v1/staff/…`. Each request carries an
 * `Idempotency-Key`, so running it twice after a network error cannot create duplicates.
 *
 * @example
 * await seedSampleClinic("http://127.0.0.1:5190", "bw_sk_…");
 */
export async function seedSampleClinic(apiUrl: string, apiKey: string): Promise<void> {
  const post = async (path: string, key: string, body: unknown) => {
    const res = await fetch(`${apiUrl}/v1/staff/${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "idempotency-key": key,
      },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  };
  for (const calendar of calendars) await post("calendars", `seed-cal-${calendar.id}`, calendar);
  for (const service of services) {
    // The sample keeps the cancellation policy next to the service; the API takes it under
    // `policies`.
    const { cancellationPolicy, ...fields } = service as typeof service & {
      cancellationPolicy?: unknown;
    };
    await post("services", `seed-svc-${service.id}`, {
      ...fields,
      ...(cancellationPolicy === undefined ? {} : { policies: { cancellationPolicy } }),
    });
  }
}
