// Issue 18: intake questions and consents per service. The clinic sets them on the service
// (`policies.intake`, validated), the public catalog shows them to the booking form, a booking
// must answer the required ones and tick every consent (400 naming the field otherwise), and the
// answers are stored on the visit (a typed column) and shown to staff — on PGlite and PostgreSQL.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  type CallOptions,
  call,
  type Result,
  type Seed,
  seedClinic,
  testApp,
  testClock,
} from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

const INTAKE = {
  questions: [
    {
      id: "pain",
      type: "text",
      required: true,
      label: { en: "Where does it hurt?", pt: "Onde dói?", es: "¿Dónde le duele?" },
    },
    {
      id: "first",
      type: "yes_no",
      label: { en: "Is this your first visit?", pt: "É a primeira consulta?" },
    },
    {
      id: "since",
      type: "date",
      label: { en: "Since when?" },
    },
    {
      id: "side",
      type: "choice",
      label: { en: "Which side?" },
      options: [
        { id: "left", label: { en: "Left", pt: "Esquerdo" } },
        { id: "right", label: { en: "Right", pt: "Direito" } },
      ],
    },
  ],
  consents: [{ id: "privacy", label: { en: "I agree to the privacy notice" } }],
};

describe.each([...storageFactories, ...postgresFactories()])("intake on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  let clinicId: string;
  const patient = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
    call(app, method, path, {
      ...options,
      headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
    });
  const manager = (method: string, path: string, options: CallOptions = {}) =>
    call(app, method, path, { ...options, key: seed.keys.manager });

  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    seed = await seedClinic(storage, clinicId);
    app = testApp(storage, testClock());
  });

  test("the clinic sets questions and consents; bad ones are 400 naming the field", async () => {
    const bad = await manager("PATCH", "/v1/staff/services/physio", {
      body: {
        policies: {
          intake: {
            questions: [
              {
                id: "side",
                type: "choice",
                label: { en: "Side?" },
                options: [{ id: "l", label: { en: "L" } }],
              },
              { id: "Bad Id", type: "text", label: { en: "" } },
            ],
          },
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining([
        "policies.intake.questions.0.options",
        "policies.intake.questions.1.id",
        "policies.intake.questions.1.label.en",
      ]),
    );
    const set = await manager("PATCH", "/v1/staff/services/physio", {
      body: { policies: { intake: INTAKE } },
    });
    expect(set.status, set.text).toBe(200);
    // The cancellation policy next to it is kept.
    expect(set.json.service.policies.cancellationPolicy.freeUntilHoursBefore).toBe(24);
    const services = await patient("GET", "/v1/services");
    const physio = services.json.services.find((s: { id: string }) => s.id === "physio");
    expect(physio.intake.questions.map((q: { id: string }) => q.id)).toEqual([
      "pain",
      "first",
      "since",
      "side",
    ]);
    expect(physio.intake.questions[0]).toMatchObject({
      required: true,
      label: { pt: "Onde dói?" },
    });
    expect(physio.intake.consents).toEqual(INTAKE.consents);
    const massage = services.json.services.find((s: { id: string }) => s.id !== "physio");
    expect(massage).not.toHaveProperty("intake");
  });

  test("a booking answers the required questions and ticks the consents; staff see the answers", async () => {
    await manager("PATCH", "/v1/staff/services/physio", { body: { policies: { intake: INTAKE } } });
    const missing = await patient("POST", "/v1/bookings", {
      body: bookingBody({
        intake: { answers: { side: "middle", since: "2026-02-30", extra: "x" } },
      }),
    });
    expect(missing.status).toBe(400);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(missing.json.errors).toEqual([
      {
        field: "intake.answers.extra",
        message: "is not a question of this service",
        rule: "unknown",
      },
      { field: "intake.answers.pain", message: "is required", rule: "required" },
      { field: "intake.answers.since", message: "must be a date YYYY-MM-DD", rule: "format" },
      { field: "intake.answers.side", message: "must be one of left, right", rule: "not_one_of" },
      { field: "intake.consents", message: "must include privacy", rule: "needs" },
    ]);
    expect(await storage.listAppointments(clinicId, {})).toEqual([]);
    const noIntake = await patient("POST", "/v1/bookings", { body: bookingBody() });
    expect(noIntake.status).toBe(400);

    const booked = await patient("POST", "/v1/bookings", {
      body: bookingBody({
        intake: {
          answers: { pain: "  lower back ", first: false, side: "left" },
          consents: ["privacy"],
        },
      }),
    });
    expect(booked.status, booked.text).toBe(201);
    const id = booked.json.booking.id as string;
    const staff = await manager("GET", `/v1/staff/appointments/${id}`);
    expect(staff.status).toBe(200);
    expect(staff.json.appointment.intake).toEqual({
      answers: [
        { questionId: "pain", question: "Where does it hurt?", type: "text", answer: "lower back" },
        {
          questionId: "first",
          question: "Is this your first visit?",
          type: "yes_no",
          answer: false,
        },
        { questionId: "side", question: "Which side?", type: "choice", answer: "left" },
      ],
      consents: [{ id: "privacy", label: "I agree to the privacy notice" }],
    });
    // Never on the public answers: the manage page does not show them.
    const managed = await patient("GET", `/v1/manage/${booked.json.manageToken}`);
    expect(JSON.stringify(managed.json)).not.toContain("lower back");
  });
});
