// Whether a clinic still needs its first-run setup; the shell asks it after sign-in (managers
// only) to open the setup wizard by itself, so it stays out of the setup section's file.
import type { StaffClient } from "../api.js";

/**
 * Whether the clinic still needs its first-run setup: it has no service or no therapist.
 *
 * @example
 * if (me.role === "manager" && (await needsSetup(client))) navigate({ section: "setup" });
 */
export async function needsSetup(client: StaffClient): Promise<boolean> {
  const [services, calendars] = await Promise.all([client.services(), client.calendars()]);
  return services.length === 0 || !calendars.some((c) => c.kind === "provider");
}
