// A CRUD-shaped staff resource (calendars, services, clients) declared once: its collection path,
// its name and how one record is shown give every route of it the same method, path, operation
// id, `:id` parameter, documented answer and reply; each route adds only what is its own.

import { z } from "zod";
import type { Role } from "../../auth/principal.js";
import type { UnitOfWork } from "../../commands/unit-of-work.js";
import type { RequestContext } from "../../services/context.js";
import { each, jsonAnswer } from "../command-reply.js";
import type { DeclaredRoute, Input, Runs } from "../declare.js";
import type { HttpMethod, RouteSpec } from "../define.js";
import { idParam } from "../schemas/public.js";
import { staffRoute } from "./shared.js";

/** What a staff resource declares once for all its routes. */
export interface StaffResourceSpec<T> {
  /** The collection's path, e.g. `/v1/staff/services`; one record is at `<path>/:id`. */
  path: string;
  /** The record's name in JSON and prose (`service`); its list is `<one>s`. */
  one: string;
  /** The record's name in operation ids (`Service`: `staffListServices`, `staffGetService`…). */
  name: string;
  /** One record as the routes answer it. */
  schema: z.ZodType;
  present: (record: T) => unknown;
  /** How its changes run: `catalog` for what the patient routes read through the catalog cache. */
  runs?: Runs;
  /** Who may create, change and remove it unless a route names its own roles (default: every role). */
  changedBy?: readonly Role[];
}

/** A route of the resource as declared: what is its own (summary, roles, body, query, command…). */
type Own<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> = Omit<
  DeclaredRoute<P, Q, B, R>,
  "method" | "path" | "operationId" | "responses" | "reply" | "params" | "runs"
>;

/** A route that changes one record: its own declaration with its `command` (the record it saved). */
type Change<P extends z.ZodType, B extends z.ZodType, T> = Omit<
  Own<P, z.ZodUndefined, B, T>,
  "summary"
> & {
  /** Default for `create`: `Create a <one>`. */
  summary?: string;
  command: (input: Input<P, z.ZodUndefined, B>, work: UnitOfWork) => Promise<T>;
};

/** A read of the resource: its own declaration with what it `load`s. */
type Read<P extends z.ZodType, Q extends z.ZodType, R> = Omit<
  Own<P, Q, z.ZodUndefined, R>,
  "summary"
> & {
  summary?: string;
  load: (input: Input<P, Q, z.ZodUndefined>, ctx: RequestContext) => Promise<R>;
};

type IdParam = typeof idParam;

/**
 * The routes of a CRUD-shaped staff resource: `list` (`GET <path>`), `create` (`POST <path>`,
 * idempotent, `201`), `get` (`GET <path>/:id`, summary `One <one>` by default), `update`
 * (`PATCH <path>/:id`) and `remove` (`DELETE <path>/:id`), each answering `{ <one>: … }` (the list
 * `{ <one>s: […] }`) with operation ids `staff<Verb><Name>` (`staffRemove<Name>` for `remove`);
 * the changes are open to `changedBy` unless a route names its own roles.
 *
 * @example
 * const services = staffResource({ path: "/v1/staff/services", one: "service", name: "Service",
 *   schema: staffService, present, runs: "catalog" });
 * export const getService = services.get({ load: ({ params }, ctx) => loadService(ctx, params.id) });
 */
export function staffResource<T>(resource: StaffResourceSpec<T>) {
  const { path, one, name, schema, present, runs, changedBy } = resource;
  const many = `${one}s`;
  const the = (status: number) => jsonAnswer(status, `The ${one}`, { [one]: schema }, present);
  const route = (method: HttpMethod, verb: string, item: boolean) => ({
    method,
    path: item ? `${path}/:id` : path,
    operationId: `staff${verb}${name}${verb === "List" ? "s" : ""}`,
  });
  const change = <P extends z.ZodType, B extends z.ZodType>(
    head: object,
    status: number,
    spec: Change<P, B, T>,
  ): RouteSpec<P, z.ZodUndefined, B> =>
    staffRoute<P, z.ZodUndefined, B, T>({
      ...head,
      ...the(status),
      ...(runs ? { runs } : {}),
      ...(changedBy ? { roles: changedBy } : {}),
      ...spec,
    } as DeclaredRoute<P, z.ZodUndefined, B, T>);
  const item = (method: HttpMethod, verb: string) => ({
    ...route(method, verb, true),
    params: idParam,
  });
  return {
    /** `GET <path>`: the records `load` finds, each presented. */
    list: <Q extends z.ZodType = z.ZodUndefined>(spec: Read<z.ZodUndefined, Q, readonly T[]>) =>
      staffRoute<z.ZodUndefined, Q, z.ZodUndefined, readonly T[]>({
        ...route("get", "List", false),
        ...jsonAnswer(
          200,
          many[0]?.toUpperCase() + many.slice(1),
          { [many]: z.array(schema) },
          each(present),
        ),
        ...(spec as Own<z.ZodUndefined, Q, z.ZodUndefined, readonly T[]>),
      }),
    /** `GET <path>/:id`: the record `load` finds. */
    get: (spec: Read<IdParam, z.ZodUndefined, T>) =>
      staffRoute<IdParam, z.ZodUndefined, z.ZodUndefined, T>({
        ...item("get", "Get"),
        summary: `One ${one}`,
        ...the(200),
        ...spec,
      }),
    /** `POST <path>` (idempotent): the record the `command` added, `201`. */
    create: <B extends z.ZodType>(spec: Change<z.ZodUndefined, B, T>) =>
      change(
        { ...route("post", "Create", false), summary: `Create a ${one}`, idempotent: true },
        201,
        spec,
      ),
    /** `PATCH <path>/:id`: the record the `command` changed. */
    update: <B extends z.ZodType>(spec: Change<IdParam, B, T>) =>
      change(item("patch", "Patch"), 200, spec),
    /** `DELETE <path>/:id`: the record the `command` removed (or archived). */
    remove: (spec: Change<IdParam, z.ZodUndefined, T>) =>
      change(item("delete", "Remove"), 200, spec),
  };
}

/**
 * A clinic's record as its staff routes show it: every field but the clinic's id.
 *
 * @example
 * withoutClinic({ clinicId: "c1", id: "physio", name: "Physio" }); // { id: "physio", name: "Physio" }
 */
export function withoutClinic<T extends { clinicId: string }>(record: T): Omit<T, "clinicId"> {
  const { clinicId: _c, ...rest } = record;
  return rest;
}
