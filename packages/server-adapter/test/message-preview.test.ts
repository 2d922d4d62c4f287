// The message preview behind the setup wizard's messages step (issue 17), over HTTP on PGlite and
// PostgreSQL: the real confirmation a patient would get, rendered by the worker's templates with
// the clinic's name, service and therapist, the clinic's stored texts and unsaved ones laid over
// them; nothing is stored or queued; bad input is a 400 naming the field; front desk may not.

import { describe, expect, test } from "vitest";
import { call, seededTest } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "message preview on $name",
  (factory) => {
    const setup = () => seededTest(factory);

    test("the real confirmation, with the clinic's stored texts and unsaved ones over them", async () => {
      const { storage, seed, app } = await setup();
      const manager = (method: string, path: string, body?: unknown) =>
        call(app, method, path, { key: seed.keys.manager, body });
      const saved = await manager("PUT", "/v1/staff/notifications/settings", {
        templates: { pt: { new: { intro: "Obrigado por escolher a {clinic}." } } },
      });
      expect(saved.status, saved.text).toBe(200);
      const clinic = await storage.getClinic(seed.clinicId);
      const outboxBefore = (await storage.listOutbox(seed.clinicId)).length;

      const stored = await manager("POST", "/v1/staff/notifications/preview", {
        kind: "new",
        language: "pt",
      });
      expect(stored.status, stored.text).toBe(200);
      expect(stored.json.subject).toMatch(/^Marcação confirmada: /);
      expect(stored.json.text).toContain("Olá Maria Santos,");
      expect(stored.json.text).toContain(`Obrigado por escolher a ${clinic?.name}.`);
      expect(stored.json.html).toMatch(/^<!doctype html><html lang="pt">/);
      // A sample visit tomorrow at 10:00 in the clinic's zone, with its first therapist.
      expect(stored.json.text).toMatch(/Quando: .+, 10:00 \(/);

      const typed = await manager("POST", "/v1/staff/notifications/preview", {
        kind: "new",
        language: "pt",
        templates: { pt: { new: { subject: "A sua consulta na {clinic}" } } },
      });
      expect(typed.json.subject).toBe(`A sua consulta na ${clinic?.name}`);
      // The stored opening stays under the typed subject.
      expect(typed.json.text).toContain(`Obrigado por escolher a ${clinic?.name}.`);
      // Nothing was stored by the preview.
      const after = await manager("GET", "/v1/staff/notifications/settings");
      expect(after.json.templates).toEqual({
        pt: { new: { intro: "Obrigado por escolher a {clinic}." } },
      });
      expect((await storage.listOutbox(seed.clinicId)).length).toBe(outboxBefore);
    });

    test("the route and the new clinic fields are in the OpenAPI document", async () => {
      const { app } = await setup();
      const doc = (await call(app, "GET", "/v1/openapi.json")).json;
      const preview = doc.paths["/v1/staff/notifications/preview"].post;
      expect(preview.operationId).toBe("staffPreviewMessage");
      const body = preview.requestBody.content["application/json"].schema;
      expect(body.required).toEqual(["kind", "language"]);
      const settings =
        doc.paths["/v1/staff/settings"].patch.requestBody.content["application/json"];
      expect(Object.keys(settings.schema.properties)).toEqual(
        expect.arrayContaining(["brandColor", "logoUrl"]),
      );
    });

    test("bad input is a 400 naming the field; front desk may not preview", async () => {
      const { seed, app } = await setup();
      for (const [body, field] of [
        [{ kind: "party", language: "pt" }, "kind"],
        [{ kind: "new", language: "fr" }, "language"],
        [
          { kind: "new", language: "pt", templates: { pt: { new: { title: "x" } } } },
          "templates.pt.new.title",
        ],
      ] as const) {
        const res = await call(app, "POST", "/v1/staff/notifications/preview", {
          key: seed.keys.manager,
          body,
        });
        expect(res.status, res.text).toBe(400);
        expect(res.json.errors[0].field).toBe(field);
      }
      const desk = await call(app, "POST", "/v1/staff/notifications/preview", {
        key: seed.keys.front_desk,
        body: { kind: "new", language: "en" },
      });
      expect(desk.status).toBe(403);
    });
  },
);
