// The clinic a public request is for: named by header or query parameter, or the only one.

import type { Context } from "hono";
import { BookwellError } from "../errors.js";
import { isStorableText } from "../routes/storable-text.js";
import type { AppContext } from "../services/context.js";
import type { ClinicRecord } from "../storage/storage.js";

const clinicCaches = new WeakMap<AppContext, { at: number; clinics: ClinicRecord[] }>();

/**
 * Finds the clinic of a public request: `X-Bookwell-Clinic` header, else `clinic` query parameter,
 * else the only clinic of the server. Unknown clinics are 404; several clinics and none named is
 * 400 `CLINIC_REQUIRED`.
 *
 * @example
 * const clinic = await resolvePublicClinic(c, c.var.bookwell);
 */
export async function resolvePublicClinic(c: Context, app: AppContext): Promise<ClinicRecord> {
  const named = c.req.header("x-bookwell-clinic")?.trim() || c.req.query("clinic")?.trim();
  if (named) {
    // An id no clinic can have (too long, or text the database cannot hold) is simply unknown.
    const possible = named.length <= 128 && isStorableText(named);
    const clinic = possible ? await app.cache.clinic(app.storage, named) : undefined;
    if (!clinic) throw new BookwellError("NOT_FOUND", "No such clinic");
    return clinic;
  }
  // The list of clinics is cached briefly while it has exactly one entry (the common case).
  const nowMs = Date.now();
  let cache = clinicCaches.get(app);
  if (!cache || nowMs - cache.at > 5_000 || cache.clinics.length !== 1) {
    cache = { at: nowMs, clinics: await app.storage.listClinics() };
    clinicCaches.set(app, cache);
  }
  const [only, ...others] = cache.clinics;
  if (only && others.length === 0) return (await app.cache.clinic(app.storage, only.id)) ?? only;
  throw new BookwellError(
    "CLINIC_REQUIRED",
    "This server hosts several clinics (or none): name one with the X-Bookwell-Clinic header or the clinic query parameter",
    { errors: [{ field: "X-Bookwell-Clinic", message: "is required on this server" }] },
  );
}
