// Prints a week of free slots for the sample clinic: `node week.ts [YYYY-MM-DD]` (default: today).
import { computeSlots } from "@bookwell/engine";
import { calendars, nextMonday, sampleAppointments, services } from "@bookwell/sample-clinic";

/** Returns the printable week of slots for every service, starting the Monday after `today`. */
export function weekOfSlots(today: string): string {
  const monday = nextMonday(today);
  const sunday = new Date(`${monday}T00:00:00Z`);
  sunday.setUTCDate(sunday.getUTCDate() + 6);
  const appointments = sampleAppointments(monday);
  const lines = [`Bookwell sample clinic (Lisbon) — free times for the week of ${monday}`, ""];
  for (const service of services) {
    const slots = computeSlots({
      service,
      services,
      calendars,
      appointments,
      from: monday,
      to: sunday.toISOString().slice(0, 10),
      now: `${today}T12:00:00Z`,
      providerId: "any",
    });
    lines.push(
      `${service.name} (${service.durationMinutes} min, €${(service.price.amount / 100).toFixed(2)}): ${slots.length} free times`,
    );
    const byDay = new Map<string, string[]>();
    for (const slot of slots) {
      const day = slot.start.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), `${slot.start.slice(11, 16)} ${slot.providerId}`]);
    }
    for (const [day, times] of byDay) lines.push(`  ${day}  ${times.join("  ")}`);
    lines.push("");
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const today = process.argv[2] ?? new Date().toISOString().slice(0, 10);
  console.log(weekOfSlots(today));
}
