// The calendar invite as Outlook, Gmail and Apple Calendar read it, received over a real SMTP
// server: an organizer even when the clinic has no e-mail address, lines of at most 75 octets
// with Portuguese text, and names with quotes that stay valid parameter values.

import { describe, expect, test } from "vitest";
import { testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import {
  bookDirect,
  drain,
  endDirect,
  icsValue,
  seedSmallClinic,
  storageWithSmtp,
  testWorker,
} from "./helpers.js";

const unfold = (ics: string | undefined) => (ics ?? "").replace(/\r\n[ \t]/g, "");

describe.each(storageFactories)("calendar invites on $name", (factory) => {
  const env = storageWithSmtp(factory);

  async function sendBookAndCancel(clinic: Parameters<typeof seedSmallClinic>[1]) {
    const clinicId = await seedSmallClinic(env.storage, clinic);
    const clock = testClock();
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock });
    const apt = await bookDirect(env.storage, {
      clinicId,
      start: "2026-03-09T09:00:00Z",
      at: clock(),
      manageToken: "tok",
    });
    clock.advance(3);
    await drain(worker);
    clock.advance(60);
    await endDirect(env.storage, clinicId, apt.id, "canceled", clock());
    clock.advance(3);
    await drain(worker);
    return env.smtp.received.filter((m) => m.ics?.includes(`UID:${apt.id}@`));
  }

  test("regression: a clinic without an e-mail address sent invites without ORGANIZER, which Outlook does not offer as a calendar update", async () => {
    const mails = await sendBookAndCancel({ email: null });
    expect(mails.map((m) => icsValue(m.ics, "METHOD"))).toEqual(["REQUEST", "CANCEL"]);
    for (const mail of mails) {
      // The sending address stands in for the clinic (RFC 5546 requires an ORGANIZER).
      expect(unfold(mail.ics)).toMatch(
        /^ORGANIZER;CN="Clínica Sol":mailto:bookings@clinic\.test\r$/im,
      );
      expect(unfold(mail.ics)).toMatch(/^ATTENDEE;[^\r\n]*:mailto:maria@example\.com\r$/im);
      expect(mail.parsed.replyTo).toBeUndefined();
    }
  });

  test("regression: Portuguese text made invite lines longer than 75 octets, and a quote in the clinic's name broke its CN", async () => {
    const mails = await sendBookAndCancel({
      locale: "pt-PT",
      name: 'Clínica "São João"',
      address: "Rua da Conceição 12; 3º Esq., Lisboa",
    });
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      const ics = mail.ics ?? "";
      for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      // Folded lines continue with one space and unfold to whole characters.
      expect(ics).not.toContain("\uFFFD");
      const text = unfold(ics);
      expect(text).toMatch(
        /^ORGANIZER;CN="Clínica 'São João'":mailto:hello@clinica-sol\.test\r$/im,
      );
      expect(icsValue(ics, "LOCATION")).toBe(
        'Clínica "São João"\\, Rua da Conceição 12\\; 3º Esq.\\, Lisboa',
      );
      expect(icsValue(ics, "DESCRIPTION")).toContain("marcação");
    }
  });
});
