// One confirmation per series, over a real SMTP server on PGlite and PostgreSQL: a desk "repeat"
// of a first session, Tuesday and Thursday for 4 weeks (research 000: "8 sessions, twice a week"),
// sends the patient one e-mail in their language listing all 8 dates — each new one with its own
// manage link — and one .ics with the new visits, instead of one confirmation each; every visit
// keeps its own reminders 24 h and 1 h before.

import { describe, expect, test } from "vitest";
import { backOfficeStorages, ok, openOffice } from "../back-office/setup.js";
import { call } from "../helpers.js";
import { drain, icsValue, MANAGE_URL, storageWithSmtp, testWorker } from "./helpers.js";

describe.each(backOfficeStorages())("one confirmation per series on $name", (factory) => {
  const env = storageWithSmtp(factory);

  test("a repeat of 8 sessions: one e-mail with 8 dates and a link per new date; reminders per visit", async () => {
    const office = await openOffice(env.storage);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock: office.clock });
    const address = `lucia-${office.clinicId}@example.com`;
    const mine = () =>
      env.smtp.received.filter(
        (m) => m.parsed.to && "value" in m.parsed.to && m.parsed.to.value[0]?.address === address,
      );
    const client = ok(
      await office.desk("POST", "/v1/staff/clients", {
        body: { name: "Lucía Fernández", email: address },
      }),
      201,
    ).client;
    // Lucía reads Spanish (the clinic writes Portuguese).
    const stored = await env.storage.getClient(office.clinicId, client.id);
    if (!stored) throw new Error("no client");
    await env.storage.putClient(office.clinicId, { ...stored, locale: "es-ES" });

    const first = ok(
      await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "ana",
          start: "2026-03-10T16:00:00Z",
          clientId: client.id,
        },
      }),
      201,
    ).appointment;
    office.clock.advance(2);
    await drain(worker);
    expect(mine().map((m) => m.parsed.subject?.split(":")[0])).toEqual(["Cita confirmada"]);

    const repeated = ok(
      await office.desk("POST", `/v1/staff/appointments/${first.id}/repeat`, {
        body: { weekdays: [2, 4], weeks: 4, mode: "all-valid" },
      }),
      201,
    );
    expect(repeated.summary).toEqual({ total: 7, ok: 7, conflicts: 0 });
    const created: string[] = repeated.results.map(
      (r: { appointmentId: string }) => r.appointmentId,
    );
    office.clock.advance(2);
    await drain(worker);
    office.clock.advance(60);
    await drain(worker);

    // One more e-mail, not seven.
    const mails = mine().slice(1);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    if (!mail) throw new Error("no series e-mail");
    expect(mail.parsed.subject).toBe(`Clinic ${office.clinicId}: 8 sesiones reservadas`);
    expect(mail.raw).toMatch(/^Content-Language: es-ES/m);
    const text = mail.parsed.text ?? "";
    expect(text).toContain("Hola Lucía Fernández,");
    // All 8 dates in the clinic's zone (16:00 in Lisbon, also after the change to summer time).
    const dates = [
      "martes, 10 de marzo de 2026",
      "jueves, 12 de marzo de 2026",
      "martes, 17 de marzo de 2026",
      "jueves, 19 de marzo de 2026",
      "martes, 24 de marzo de 2026",
      "jueves, 26 de marzo de 2026",
      "martes, 31 de marzo de 2026",
      "jueves, 2 de abril de 2026",
    ];
    const numbered = text.split("\n").filter((l) => /^\d+\. /.test(l));
    expect(numbered).toHaveLength(8);
    numbered.forEach((line, i) => {
      expect(line).toContain(`${i + 1}. ${dates[i]}, 16:00`);
      expect(line).toContain("Physiotherapy con Ana Silva");
    });
    // The first was confirmed before (its link is in that e-mail); each new date has its own link.
    expect(text).toContain("ya confirmada: el enlace está en esa confirmación");
    const prefix = MANAGE_URL.split("{token}")[0] as string;
    const tokens = text
      .split(prefix)
      .slice(1)
      .map((rest) => /^[A-Za-z0-9_-]+/.exec(rest)?.[0] ?? "");
    expect(tokens).toHaveLength(7);
    expect(new Set(tokens).size).toBe(7);
    const opened: string[] = [];
    for (const token of tokens) {
      const view = ok(
        await call(office.app, "GET", `/v1/manage/${token}`, {
          headers: { "x-bookwell-clinic": office.clinicId },
        }),
      );
      opened.push(view.booking.id);
    }
    // In date order, each link opens its own new visit.
    expect(opened).toEqual(created);
    expect(mail.parsed.html).toContain(`href="${MANAGE_URL.replace("{token}", tokens[0] ?? "")}"`);

    // One calendar file with the 7 new visits, each with the UID its own later invites will use.
    const ics = mail.ics ?? "";
    expect(icsValue(ics, "METHOD")).toBe("PUBLISH");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(7);
    const uids = [...ics.replace(/\r?\n[ \t]/g, "").matchAll(/^UID:(.*)$/gm)].map((m) =>
      m[1]?.trim(),
    );
    expect(uids.sort()).toEqual(created.map((id) => `${id}@bookwell.test`).sort());

    // Each visit still has its own reminders, 24 h and 1 h before, as a single booking does.
    const pending = await env.storage.listOutbox(office.clinicId, { status: "pending" });
    const reminders = pending.filter(
      (r) => r.type === "notify.message" && r.payload.kind === "reminder",
    );
    for (const id of [first.id as string, ...created]) {
      const visit = await env.storage.getAppointment(office.clinicId, id);
      const start = Date.parse(visit?.start ?? "");
      expect(
        reminders
          .filter((r) => r.payload.appointmentId === id)
          .map((r) => new Date(r.dueAt).getTime())
          .sort(),
      ).toEqual([start - 86_400_000, start - 3_600_000]);
    }
  });

  test("a session canceled before the e-mail goes is left out; a copy to one date keeps its own confirmation", async () => {
    const office = await openOffice(env.storage);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock: office.clock });
    const address = `tiago-${office.clinicId}@example.com`;
    const mine = () =>
      env.smtp.received.filter(
        (m) => m.parsed.to && "value" in m.parsed.to && m.parsed.to.value[0]?.address === address,
      );
    const client = ok(
      await office.desk("POST", "/v1/staff/clients", { body: { name: "Tiago", email: address } }),
      201,
    ).client;
    const first = ok(
      await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "ana",
          start: "2026-03-10T16:00:00Z",
          clientId: client.id,
        },
      }),
      201,
    ).appointment;
    const repeated = ok(
      await office.desk("POST", `/v1/staff/appointments/${first.id}/repeat`, {
        body: { weekdays: [2], weeks: 3, mode: "all-valid" },
      }),
      201,
    );
    const [keep, drop] = repeated.results.map((r: { appointmentId: string }) => r.appointmentId);
    ok(
      await office.desk("POST", `/v1/staff/appointments/${drop}/status`, {
        body: { action: "cancel" },
      }),
    );
    office.clock.advance(2);
    await drain(worker);
    const subjects = mine().map((m) => m.parsed.subject);
    // The first session's own confirmation, and the series e-mail with the two still booked.
    expect(subjects).toHaveLength(2);
    const series = mine().find((m) => m.parsed.subject?.endsWith("2 sessões marcadas"));
    expect(series, subjects.join(" | ")).toBeDefined();
    expect(series?.ics?.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(icsValue(series?.ics, "UID")).toBe(`${keep}@bookwell.test`);
    expect(series?.parsed.text).not.toContain("24 de março");

    // A copy to one date: its own confirmation with an invite, as before.
    const copied = ok(
      await office.desk("POST", `/v1/staff/appointments/${keep}/copy`, {
        body: { starts: ["2026-03-13T10:00:00Z"], mode: "all-valid" },
      }),
      201,
    );
    office.clock.advance(2);
    await drain(worker);
    const last = mine().at(-1);
    expect(last?.parsed.subject).toMatch(/^Marcação confirmada: /);
    expect(icsValue(last?.ics, "METHOD")).toBe("REQUEST");
    expect(icsValue(last?.ics, "UID")).toBe(`${copied.results[0].appointmentId}@bookwell.test`);
  });
});
