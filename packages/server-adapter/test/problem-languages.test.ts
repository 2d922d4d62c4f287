// Problems in the screen's language (issue 16): over HTTP on PGlite and PostgreSQL a request with
// `Accept-Language: pt` or `es` gets its validation and domain problems worded in Portuguese or
// Spanish, each field error with a stable `rule`; no header or a language the server does not
// speak gets English, as before; `code` never changes.

import { describe, expect, test } from "vitest";
import { bookingBody, type CallOptions, call, seededTest } from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

describe.each([...storageFactories, ...postgresFactories()])(
  "problems in the request's language on $name",
  (factory) => {
    async function setup() {
      const { storage, seed, app } = await seededTest(factory);
      const desk = (method: string, path: string, options: CallOptions = {}) =>
        call(app, method, path, { key: seed.keys.front_desk, ...options });
      return { storage, seed, app, desk };
    }

    const badClient = {
      name: "x".repeat(201),
      email: "maria.example.com",
      nickname: "Mimi",
    };

    test("a Portuguese desk gets Portuguese field messages, each with its rule", async () => {
      const { desk } = await setup();
      const res = await desk("POST", "/v1/staff/clients", {
        body: badClient,
        headers: { "accept-language": "pt-PT,pt;q=0.9,en;q=0.8" },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get("content-language")).toBe("pt");
      expect(res.headers.get("vary")).toContain("Accept-Language");
      expect(res.json.code).toBe("VALIDATION_FAILED");
      expect(res.json.title).toBe("O pedido não é válido");
      expect(res.json.errors).toEqual(
        expect.arrayContaining([
          {
            field: "name",
            rule: "too_long",
            maximum: 200,
            message: "pode ter no máximo 200 caracteres",
          },
          { field: "email", rule: "email", message: "tem de ser um endereço de e-mail" },
          { field: "nickname", rule: "not_a_known_field", message: "não é um campo conhecido" },
        ]),
      );
      expect(res.json.detail).toMatch(/^Dados inválidos: \S+ /);
      expect(res.json.detail).not.toMatch(/must|Invalid/);
    });

    test("a Spanish request gets Spanish messages; a missing field is `required`", async () => {
      const { desk } = await setup();
      const res = await desk("POST", "/v1/staff/clients", {
        body: { email: "ana@example.com" },
        headers: { "accept-language": "es-ES" },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get("content-language")).toBe("es");
      expect(res.json.title).toBe("La solicitud no es válida");
      expect(res.json.errors).toEqual([
        { field: "name", rule: "required", message: "es obligatorio" },
      ]);
      expect(res.json.detail).toBe("Datos no válidos: name es obligatorio");
    });

    test("domain problems (not found, bad credentials) are worded too, the code unchanged", async () => {
      const { desk, app } = await setup();
      const missing = await desk("GET", "/v1/staff/clients/nobody", {
        headers: { "accept-language": "pt" },
      });
      expect(missing.status, missing.text).toBe(404);
      expect(missing.json).toMatchObject({
        code: "NOT_FOUND",
        title: "Não encontrado",
        detail: "Nenhum cliente com o id nobody",
      });
      const english = await desk("GET", "/v1/staff/clients/nobody");
      expect(english.json).toMatchObject({
        code: "NOT_FOUND",
        title: "Not found",
        detail: "No client with id nobody",
      });
      const signIn = await call(app, "POST", "/v1/staff/auth/sign-in", {
        body: { email: "nobody@example.com", password: "wrong password 123" },
        headers: { "accept-language": "es", "x-bookwell-csrf": "1" },
      });
      expect(signIn.status, signIn.text).toBe(401);
      expect(signIn.json).toMatchObject({
        code: "INVALID_CREDENTIALS",
        title: "El correo electrónico o la contraseña son incorrectos",
      });
    });

    test("the engine's violations are worded by their code; English keeps the engine's message", async () => {
      const { app, seed } = await setup();
      const book = (lang: string) =>
        call(app, "POST", "/v1/bookings", {
          body: bookingBody({ start: "2026-03-04T10:17:00Z" }),
          headers: { "x-bookwell-clinic": seed.clinicId, "accept-language": lang },
        });
      const codes = (res: { json: { violations: Array<{ code: string }> } }) =>
        res.json.violations.map((v) => v.code);
      const pt = await book("pt-PT");
      expect(pt.status, pt.text).toBe(422);
      expect(pt.json.code).toBe("BOOKING_RULE_VIOLATED");
      expect(pt.json.violations).toContainEqual(
        expect.objectContaining({
          code: "OFF_GRID",
          message: "Não está na grelha de horas de início deste serviço.",
        }),
      );
      const es = await book("es");
      expect(codes(es)).toEqual(codes(pt));
      expect(es.json.violations).toContainEqual(
        expect.objectContaining({
          code: "OFF_GRID",
          message: "No está en la cuadrícula de horas de inicio de este servicio.",
        }),
      );
      const en = await book("en");
      expect(codes(en)).toEqual(codes(pt));
      const offGrid = en.json.violations.find((v: { code: string }) => v.code === "OFF_GRID");
      expect(offGrid?.message).toMatch(/[a-z]/);
      expect(offGrid?.message).not.toBe("Não está na grelha de horas de início deste serviço.");
    });

    test("no Accept-Language, or a language the server does not speak, is English as before", async () => {
      const { desk } = await setup();
      for (const headers of [
        {},
        { "accept-language": "de-DE,fr;q=0.8" },
        { "accept-language": "*" },
      ]) {
        const res = await desk("POST", "/v1/staff/clients", { body: badClient, headers });
        expect(res.status, res.text).toBe(400);
        expect(res.headers.get("content-language")).toBe("en");
        expect(res.json.title).toBe("The request is not valid");
        expect(res.json.errors).toEqual(
          expect.arrayContaining([
            {
              field: "name",
              rule: "too_long",
              maximum: 200,
              message: "must be at most 200 characters",
            },
            { field: "email", rule: "email", message: "must be an e-mail address" },
            { field: "nickname", rule: "not_a_known_field", message: "is not a known field" },
          ]),
        );
        expect(res.json.detail).toMatch(/^Invalid body: /);
      }
    });
  },
);
