// What goes out when, on every storage: coalescing of quick changes, superseded reminders, type
// switches, the booking's send flag, quiet hours and reminders across DST changes.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createInboxChannel, type InboxChannel } from "../../src/notify/inbox-channel.js";
import type { NotifySettings } from "../../src/notify/profile.js";
import type { WorkerEvent } from "../../src/notify/worker.js";
import type { Storage } from "../../src/storage/storage.js";
import { type TestClock, testClock } from "../helpers.js";
import { storageFactories } from "../storages.js";
import {
  bookDirect,
  drain,
  endDirect,
  moveDirect,
  seedSmallClinic,
  testWorker,
} from "./helpers.js";

describe.each(storageFactories)("planning on $name", (factory) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });

  async function setup(
    options: { start?: string; timeZone?: string; settings?: NotifySettings } = {},
  ) {
    const clock: TestClock = testClock(options.start ?? "2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage, {
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    const inbox: InboxChannel = createInboxChannel({ clock });
    const events: WorkerEvent[] = [];
    const worker = testWorker({
      storage,
      channels: [inbox],
      clock,
      onEvent: (e) => {
        if (e.clinicId === clinicId) events.push(e);
      },
      ...(options.settings ? { defaults: { settings: options.settings } } : {}),
    });
    /** Moves the clock to `iso` and runs the worker there. */
    const at = async (iso: string) => {
      clock.now = new Date(iso);
      await drain(worker);
    };
    /** What the patient received so far: kind and the local time it was received at. */
    // Workers claim rows of every clinic: look only at this test's clinic.
    const got = () =>
      inbox
        .messages()
        .reverse()
        .filter((m) => m.clinicId === clinicId)
        .map((m) => `${m.kind}@${m.receivedAt}`);
    /** This clinic's messages, newest first. */
    const mine = () => inbox.messages().filter((m) => m.clinicId === clinicId);
    return { clock, clinicId, inbox, events, worker, at, got, mine };
  }

  test("created then moved within the delay: one confirmation with the final time", async () => {
    const t = await setup();
    const apt = await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
    });
    await t.at("2026-03-10T08:00:30Z");
    await moveDirect(storage, t.clinicId, apt.id, "2026-03-20T11:00:00Z", t.clock());
    await t.at("2026-03-10T08:02:00Z");
    expect(t.got()).toEqual([]);
    await t.at("2026-03-10T08:02:30Z");
    expect(t.got()).toEqual(["new@2026-03-10T08:02:30.000Z"]);
    const [message] = t.mine();
    expect(message?.subject).toBe(
      "Booking confirmed: Physiotherapy on Friday, 20 March 2026 at 11:00",
    );
    expect(message?.invite?.content).toContain("SEQUENCE:1");
    await t.at("2026-03-19T10:00:00Z");
    await t.at("2026-03-19T11:00:00Z");
    await t.at("2026-03-20T10:00:00Z");
    // Reminders for 11:00 only: 24 h and 1 h before.
    expect(t.got()).toEqual([
      "new@2026-03-10T08:02:30.000Z",
      "reminder@2026-03-19T11:00:00.000Z",
      "reminder@2026-03-20T10:00:00.000Z",
    ]);
    expect(t.events.filter((e) => e.type === "dropped")).toEqual([]);
  });

  test("regression: a move that commits after the confirmation was planned still joins its burst", async () => {
    const t = await setup();
    const apt = await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
    });
    // The worker plans the confirmation at 08:03 ...
    t.clock.now = new Date("2026-03-10T08:03:00Z");
    await t.worker.runOnce();
    // ... while a move whose request began at 08:01 was still committing.
    await moveDirect(
      storage,
      t.clinicId,
      apt.id,
      "2026-03-20T11:00:00Z",
      new Date("2026-03-10T08:01:00Z"),
    );
    await drain(t.worker);
    expect(t.got()).toEqual(["new@2026-03-10T08:03:00.000Z"]);
    expect(t.mine()[0]?.subject).toBe(
      "Booking confirmed: Physiotherapy on Friday, 20 March 2026 at 11:00",
    );
    expect(t.events.filter((e) => e.type === "dropped").map((e) => [e.kind, e.detail])).toEqual([
      ["new", "superseded"],
    ]);
  });

  test("created then canceled within the delay: nothing at all", async () => {
    const t = await setup();
    const apt = await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
    });
    await t.at("2026-03-10T08:01:00Z");
    await endDirect(storage, t.clinicId, apt.id, "canceled", t.clock());
    await t.at("2026-03-10T08:10:00Z");
    await t.at("2026-03-25T00:00:00Z");
    expect(t.got()).toEqual([]);
    expect(await storage.listOutbox(t.clinicId, { status: "pending" })).toEqual([]);
  });

  test("a move after the delay: a rescheduled message, and reminders for the old time never go out", async () => {
    const t = await setup();
    const apt = await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: t.clock(),
    });
    await t.at("2026-03-10T08:05:00Z");
    expect(t.got()).toEqual(["new@2026-03-10T08:05:00.000Z"]);
    // The 24 h reminder (19 March 10:00Z) is planned; then the visit moves a day later.
    await t.at("2026-03-18T12:00:00Z");
    await moveDirect(storage, t.clinicId, apt.id, "2026-03-21T10:00:00Z", t.clock());
    await t.at("2026-03-18T12:02:00Z");
    await t.at("2026-03-19T10:00:00Z"); // the old 24 h reminder's time
    await t.at("2026-03-20T09:00:00Z"); // the old 1 h reminder's time
    await t.at("2026-03-20T10:00:00Z"); // the new 24 h reminder's time
    await t.at("2026-03-21T09:00:00Z"); // the new 1 h reminder's time
    expect(t.got()).toEqual([
      "new@2026-03-10T08:05:00.000Z",
      "rescheduled@2026-03-18T12:02:00.000Z",
      "reminder@2026-03-20T10:00:00.000Z",
      "reminder@2026-03-21T09:00:00.000Z",
    ]);
    const moved = t.mine().find((m) => m.kind === "rescheduled");
    expect(moved?.text).toContain(
      "from Friday, 20 March 2026 at 10:00 to Saturday, 21 March 2026 at 10:00",
    );
    expect(t.events.filter((e) => e.type === "dropped").map((e) => e.detail)).toEqual([
      "superseded",
      "superseded",
    ]);
  });

  test("switches: reminders off, confirmations off, the booking's own send flag, no-show on", async () => {
    const noReminders = await setup({
      settings: { types: { reminder: { enabled: false, channels: ["email"] } } as never },
    });
    await bookDirect(storage, {
      clinicId: noReminders.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: noReminders.clock(),
    });
    await noReminders.at("2026-03-10T08:05:00Z");
    await noReminders.at("2026-03-25T00:00:00Z");
    expect(noReminders.got()).toEqual(["new@2026-03-10T08:05:00.000Z"]);

    const noConfirmations = await setup({
      settings: {
        types: {
          new: { enabled: false, channels: ["email"] },
          rescheduled: { enabled: true, channels: ["email"] },
          canceled: { enabled: true, channels: ["email"] },
          no_show: { enabled: true, channels: ["email"] },
          reminder: { enabled: true, channels: ["email"] },
        },
        reminderOffsetsMinutes: [120],
      },
    });
    const apt = await bookDirect(storage, {
      clinicId: noConfirmations.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: noConfirmations.clock(),
    });
    await noConfirmations.at("2026-03-10T08:05:00Z");
    await noConfirmations.at("2026-03-20T08:00:00Z");
    await noConfirmations.at("2026-03-20T11:00:00Z");
    await endDirect(storage, noConfirmations.clinicId, apt.id, "no_show", noConfirmations.clock());
    await noConfirmations.at("2026-03-20T11:05:00Z");
    expect(noConfirmations.got()).toEqual([
      "reminder@2026-03-20T08:00:00.000Z",
      "no_show@2026-03-20T11:05:00.000Z",
    ]);

    const optedOut = await setup();
    await bookDirect(storage, {
      clinicId: optedOut.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: optedOut.clock(),
      details: { messagePrefs: { send: false } },
    });
    await optedOut.at("2026-03-10T08:05:00Z");
    await optedOut.at("2026-03-25T00:00:00Z");
    expect(optedOut.got()).toEqual([]);

    const optedIn = await setup({ settings: { defaultSend: false } });
    await bookDirect(storage, {
      clinicId: optedIn.clinicId,
      start: "2026-03-20T10:00:00Z",
      at: optedIn.clock(),
      details: { messagePrefs: { send: true, reminderOffsetsMinutes: [30] } },
    });
    await optedIn.at("2026-03-10T08:05:00Z");
    await optedIn.at("2026-03-20T09:30:00Z");
    expect(optedIn.got()).toEqual([
      "new@2026-03-10T08:05:00.000Z",
      "reminder@2026-03-20T09:30:00.000Z",
    ]);
  });

  test("a provider's own preferences win over the clinic's: other offsets, reminders off", async () => {
    const clock = testClock("2026-03-10T08:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    const inbox = createInboxChannel({ clock });
    const run = async (providers: { providerId: string; [key: string]: unknown }[]) => {
      inbox.clear();
      clock.now = new Date("2026-03-10T08:00:00Z");
      const apt = await bookDirect(storage, {
        clinicId,
        start: "2026-03-20T10:00:00Z",
        at: clock(),
      });
      const worker = testWorker({
        storage,
        channels: [inbox],
        clock,
        clinicResolver: async (id) =>
          id === clinicId
            ? {
                clinic: { id, name: "Clínica Sol", timeZone: "Europe/Lisbon", locale: "en-GB" },
                providers: providers as never,
              }
            : undefined,
      });
      for (const iso of ["2026-03-10T08:05:00Z", "2026-03-18T10:00:00Z", "2026-03-19T10:00:00Z"]) {
        clock.now = new Date(iso);
        await drain(worker);
      }
      clock.now = new Date("2026-03-20T09:00:00Z");
      await drain(worker);
      await endDirect(storage, clinicId, apt.id, "canceled", clock());
      clock.advance(5);
      await drain(worker);
      return inbox
        .messages()
        .reverse()
        .filter((m) => m.clinicId === clinicId)
        .map((m) => `${m.kind}@${m.receivedAt}`);
    };
    expect(await run([{ providerId: "ana", reminderOffsetsMinutes: [2880] }])).toEqual([
      "new@2026-03-10T08:05:00.000Z",
      "reminder@2026-03-18T10:00:00.000Z",
      "canceled@2026-03-20T09:05:00.000Z",
    ]);
    expect(await run([{ providerId: "ana", types: { reminder: false } }])).toEqual([
      "new@2026-03-10T08:05:00.000Z",
      "canceled@2026-03-20T09:05:00.000Z",
    ]);
    expect(await run([{ providerId: "bruno", types: { reminder: false } }])).toHaveLength(4);
  });

  test("a confirmation held up until after the visit started is dropped, not sent late", async () => {
    const t = await setup();
    await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-10T09:00:00Z",
      at: t.clock(),
    });
    // The worker was down from the booking until after the visit.
    await t.at("2026-03-10T09:30:00Z");
    expect(t.got()).toEqual([]);
    expect(t.events.filter((e) => e.type === "dropped").map((e) => [e.kind, e.detail])).toEqual([
      ["new", "too-late"],
    ]);
  });

  test("quiet hours: a night-time change reaches phones at the end of the window, e-mail at once", async () => {
    const clock = testClock("2026-03-10T23:00:00Z");
    const clinicId = await seedSmallClinic(storage);
    const email = createInboxChannel({ clock });
    const sms = createInboxChannel({ name: "sms", clock });
    const both = { enabled: true, channels: ["email" as const, "sms" as const] };
    const worker = testWorker({
      storage,
      channels: [email, sms],
      clock,
      defaults: {
        settings: {
          quietHours: { start: "21:00", end: "08:00" },
          types: {
            new: both,
            rescheduled: both,
            canceled: both,
            no_show: both,
            reminder: both,
          } as never,
          reminderOffsetsMinutes: [1440],
        },
      },
    });
    const later = await bookDirect(storage, {
      clinicId,
      start: "2026-03-20T10:00:00Z",
      at: clock(),
    });
    // A visit at 07:30 the next morning: waiting for 08:00 would be too late, so it goes now.
    const early = await bookDirect(storage, {
      clinicId,
      start: "2026-03-11T07:30:00Z",
      at: clock(),
    });
    for (const iso of ["2026-03-10T23:02:00Z", "2026-03-11T07:59:00Z", "2026-03-11T08:00:00Z"]) {
      clock.now = new Date(iso);
      await drain(worker);
    }
    const log = (inbox: InboxChannel) =>
      inbox
        .messages()
        .reverse()
        .filter((m) => m.clinicId === clinicId)
        .map((m) => `${m.appointmentId === later.id ? "later" : "early"}@${m.receivedAt}`)
        .sort();
    expect(log(email)).toEqual([
      "early@2026-03-10T23:02:00.000Z",
      "later@2026-03-10T23:02:00.000Z",
    ]);
    expect(log(sms)).toEqual(["early@2026-03-10T23:02:00.000Z", "later@2026-03-11T08:00:00.000Z"]);
    expect(early.id).not.toBe(later.id);
  });

  test("quiet hours move a reminder to the evening before", async () => {
    const t = await setup({ settings: { quietHours: { start: "21:00", end: "08:00" } } });
    // 08:30 in Lisbon (UTC in March before the 29th): the 1 h reminder would be at 07:30.
    await bookDirect(storage, {
      clinicId: t.clinicId,
      start: "2026-03-20T08:30:00Z",
      at: t.clock(),
    });
    await t.at("2026-03-10T08:05:00Z");
    await t.at("2026-03-19T08:30:00Z");
    await t.at("2026-03-19T20:59:00Z");
    expect(t.got()).toEqual(["new@2026-03-10T08:05:00.000Z", "reminder@2026-03-19T08:30:00.000Z"]);
    await t.at("2026-03-19T21:00:00Z");
    await t.at("2026-03-20T08:30:00Z");
    expect(t.got()).toEqual([
      "new@2026-03-10T08:05:00.000Z",
      "reminder@2026-03-19T08:30:00.000Z",
      "reminder@2026-03-19T21:00:00.000Z",
    ]);
  });

  test.each([
    // zone, visit (UTC), 24 h reminder (UTC): the same wall time the day before, 23 or 25 h earlier
    ["Europe/Lisbon", "2026-03-29T16:00:00Z", "2026-03-28T17:00:00Z", "2026-03-29T15:00:00Z"],
    ["America/New_York", "2026-11-01T22:00:00Z", "2026-10-31T21:00:00Z", "2026-11-01T21:00:00Z"],
  ])(
    "reminders across a DST change in %s go out at the right local time",
    async (zone, visit, day, hour) => {
      const t = await setup({ start: "2026-03-01T08:00:00Z", timeZone: zone });
      await bookDirect(storage, { clinicId: t.clinicId, start: visit, at: t.clock() });
      await t.at("2026-03-01T08:05:00Z");
      const minuteBefore = (iso: string) => new Date(Date.parse(iso) - 60_000).toISOString();
      await t.at(minuteBefore(day));
      expect(t.got()).toHaveLength(1);
      await t.at(day);
      await t.at(minuteBefore(hour));
      expect(t.got()).toEqual([
        "new@2026-03-01T08:05:00.000Z",
        `reminder@${new Date(day).toISOString()}`,
      ]);
      await t.at(hour);
      expect(t.got()).toEqual([
        "new@2026-03-01T08:05:00.000Z",
        `reminder@${new Date(day).toISOString()}`,
        `reminder@${new Date(hour).toISOString()}`,
      ]);
      const reminder = t.mine()[0];
      // Lisbon: 17:00 on Sunday 29 March (summer time); New York: 17:00 on Sunday 1 November (EST).
      expect(reminder?.subject).toMatch(/at 17:00$/);
    },
  );
});
