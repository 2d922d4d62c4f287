// How routes are declared: responses given by their description, route groups, CRUD staff
// resources and the one declaration of public and staff routes (what the OpenAPI document and the
// route table are made from).

import { describe, expect, test } from "vitest";
import { z } from "zod";
import { allRoutes } from "../src/app.js";
import { declareRoutes } from "../src/routes/declare.js";
import { describedResponses } from "../src/routes/define.js";
import { routesAt } from "../src/routes/group.js";
import { created, file, ok } from "../src/routes/responses.js";
import { idParam } from "../src/routes/schemas/public.js";
import { staffResource, withoutClinic } from "../src/routes/staff/resource.js";
import { DESK, MANAGER } from "../src/routes/staff/shared.js";
import type { RequestContext } from "../src/services/context.js";

const thing = z.object({ id: z.string(), name: z.string() });
type Thing = { clinicId: string; id: string; name: string };
const stored: Thing = { clinicId: "c1", id: "t1", name: "Yoga" };
const noContext = {} as RequestContext;

describe("route declarations", () => {
  test("a response given by its description is a response without a body", () => {
    expect(
      describedResponses({ 200: { description: "The thing", schema: thing }, 404: "Nope" }),
    ).toEqual({
      200: { description: "The thing", schema: thing },
      404: { description: "Nope" },
    });
    expect(ok("The thing", thing, { 409: "Taken" })).toEqual({
      200: { description: "The thing", schema: thing },
      409: "Taken",
    });
    expect(created("New", thing)).toEqual({ 201: { description: "New", schema: thing } });
    expect(file("The PDF", "application/pdf")).toEqual({
      200: { description: "The PDF", contentType: "application/pdf" },
    });
  });

  test("a route gives a handler, or a command, run or load with its reply, never both or neither", () => {
    const declare = declareRoutes("public", ["public"]);
    const base = {
      method: "get",
      path: "/v1/x",
      operationId: "x",
      summary: "X",
      responses: {},
    } as const;
    expect(() => declare({ ...base })).toThrow(/x: give a handler/);
    expect(() =>
      declare({
        ...base,
        handler: async () => ({ status: 204 }),
        load: async () => 1,
        reply: () => ({ status: 200 }),
      }),
    ).toThrow(/x: give a handler/);
    const route = declare({
      ...base,
      load: async () => 1,
      reply: (n) => ({ status: 200, body: { n } }),
    });
    expect(route).toMatchObject({ access: "public", tags: ["public"] });
    expect(route.roles).toBeUndefined();
  });

  test("a group joins its path to each route's and gives each its parameters", () => {
    const group = routesAt(
      declareRoutes("staff", ["staff"], DESK),
      "/v1/staff/things/:id",
      idParam,
    );
    const route = group.post("/archive", {
      operationId: "archiveThing",
      summary: "Archive",
      responses: { 204: "Archived" },
      handler: async () => ({ status: 204 }),
    });
    expect(route).toMatchObject({
      method: "post",
      path: "/v1/staff/things/:id/archive",
      params: idParam,
      access: "staff",
      roles: DESK,
      responses: { 204: { description: "Archived" } },
    });
  });

  test("a staff resource gives its routes the standard methods, paths, ids, roles and answers", async () => {
    const things = staffResource({
      path: "/v1/staff/things",
      one: "thing",
      name: "Thing",
      schema: thing,
      present: (t: Thing) => withoutClinic(t),
      changedBy: DESK,
    });
    const list = things.list({ summary: "Things", load: async () => [stored] });
    const one = things.get({ load: async () => stored });
    const add = things.create({ command: async () => stored });
    const change = things.update({ summary: "Change", command: async () => stored });
    const remove = things.remove({
      summary: "Remove",
      roles: MANAGER,
      command: async () => stored,
    });
    expect([list, add, one, change, remove].map((r) => [r.method, r.path, r.operationId])).toEqual([
      ["get", "/v1/staff/things", "staffListThings"],
      ["post", "/v1/staff/things", "staffCreateThing"],
      ["get", "/v1/staff/things/:id", "staffGetThing"],
      ["patch", "/v1/staff/things/:id", "staffPatchThing"],
      ["delete", "/v1/staff/things/:id", "staffRemoveThing"],
    ]);
    expect([add.summary, one.summary]).toEqual(["Create a thing", "One thing"]);
    expect([add.idempotent, add.params, one.params]).toEqual([true, undefined, idParam]);
    expect([list.roles, add.roles, change.roles, remove.roles]).toEqual([
      ["manager", "front_desk", "provider"],
      DESK,
      DESK,
      MANAGER,
    ]);
    expect(Object.keys(add.responses)).toEqual(["201"]);
    expect(list.responses[200]?.description).toBe("Things");
    const input = { params: { id: "t1" }, query: undefined, body: undefined, raw: undefined };
    expect(await list.handler(input as never, noContext)).toEqual({
      status: 200,
      body: { things: [{ id: "t1", name: "Yoga" }] },
    });
    expect(await one.handler(input as never, noContext)).toEqual({
      status: 200,
      body: { thing: { id: "t1", name: "Yoga" } },
    });
  });

  test("the route table keeps one route per method and path, and one operation id each", () => {
    const keys = allRoutes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = allRoutes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(["staffListServices", "staffRemoveCalendar", "backOfficeListCases"]),
    );
  });
});
