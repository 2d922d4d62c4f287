// A staff invite goes out as an e-mail over a real SMTP server, in the invitee's language, with the
// link that sets their password; once they accepted, a later invite row is dropped.

import { describe, expect, test } from "vitest";
import { call, seedClinic, testApp, testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import { drain, storageWithSmtp, testWorker } from "./helpers.js";

describe.each(storageFactories)("staff invite e-mail on $name", (factory) => {
  const env = storageWithSmtp(factory);

  test("the invitee receives the link by e-mail; it sets their password once", async () => {
    const seed = await seedClinic(env.storage);
    const clock = testClock();
    const app = testApp(env.storage, clock, {
      staffAccounts: {
        passwordCost: { N: 2 ** 10, r: 8, p: 1 },
        appUrl: "https://clinic.example/staff/",
      },
    });
    const invited = await call(app, "POST", "/v1/staff/users", {
      key: seed.keys.manager,
      body: {
        email: "rita@clinic.example",
        name: "Rita Sousa",
        role: "front_desk",
        locale: "pt-PT",
      },
    });
    expect(invited.status, invited.text).toBe(201);
    const inviteUrl = invited.json.inviteUrl as string;
    expect(inviteUrl).toMatch(/^https:\/\/clinic\.example\/staff\/#invite=/);
    const worker = testWorker({ storage: env.storage, channels: [env.email], clock });
    const summary = await drain(worker);
    expect(summary.sent).toBe(1);
    const mail = env.smtp.received.find((m) => m.parsed.subject?.includes("conta de equipa"));
    expect(mail, "the invite in Portuguese").toBeDefined();
    expect(mail?.parsed.text).toContain(inviteUrl);
    expect(mail?.parsed.text).toContain("Rita Sousa");
    expect(JSON.stringify(mail?.parsed.to)).toContain("rita@clinic.example");

    const token = inviteUrl.split("#invite=")[1];
    const accepted = await call(app, "POST", "/v1/staff/auth/accept-invite", {
      headers: { "x-bookwell-csrf": "1" },
      body: { token, password: "rita's own password" },
    });
    expect(accepted.status, accepted.text).toBe(200);
    // A second invite cannot be sent to someone who set a password.
    const userId = invited.json.user.id as string;
    const again = await call(app, "POST", `/v1/staff/users/${userId}/invite`, {
      key: seed.keys.manager,
    });
    expect(again.status).toBe(409);
  });
});
