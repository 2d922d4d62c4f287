// A CRUD-shaped staff resource (calendars, services, clients, a client's cases…) declared once: its
// paths, its name and how one record is shown give every route of it the same method, path,
// operation id, `:id` parameter, documented answer and reply; each route adds only what is its own.

import { z } from "zod";
import type { Role } from "../../auth/principal.js";
import type { UnitOfWork } from "../../commands/unit-of-work.js";
import { each, jsonAnswer } from "../command-reply.js";
import type { DeclaredRoute, Input, Runs } from "../declare.js";
import type { HttpMethod, RouteSpec } from "../define.js";
import { idParam } from "../schemas/public.js";
import { staffRoute } from "./shared.js";

type IdParam = typeof idParam;

/** What a staff resource declares once for all its routes. */
export interface StaffResourceSpec<T, C extends z.ZodType> {
  /** Where one record is: `<path>/:id` (and, unless `collection` says otherwise, the list). */
  path: string;
  /**
   * Where the list is and records are created when not at `path`, with that path's parameters:
   * e.g. a client's cases at `/v1/staff/clients/:id/cases`.
   */
  collection?: { path: string; params: C };
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
  /** How its routes are declared (default {@link staffRoute}; the back office has its own tags). */
  declare?: typeof staffRoute;
  /** The first word of its operation ids (default `staff`). */
  prefix?: string;
}

/** A route of the resource as declared: what is its own (summary, roles, body, query, command…). */
type Own<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> = Omit<
  DeclaredRoute<P, Q, B, R>,
  "method" | "path" | "operationId" | "responses" | "reply" | "params" | "summary"
> & {
  /** Default for `get`: `One <one>`; for `create`: `Create a <one>`. */
  summary?: string;
};

/** A route that changes one record: its own declaration with its `command` (the record it saved). */
type Change<P extends z.ZodType, B extends z.ZodType, T> = Own<P, z.ZodUndefined, B, T> & {
  command: (input: Input<P, z.ZodUndefined, B>, work: UnitOfWork) => Promise<T>;
};

/**
 * The routes of a CRUD-shaped staff resource: `list` (`GET <path>`), `create` (`POST <path>`,
 * idempotent, `201`), `get` (`GET <path>/:id`), `update` (`PATCH <path>/:id`) and `remove`
 * (`DELETE <path>/:id`), each answering `{ <one>: … }` (the list `{ <one>s: […] }`) with
 * operation ids `<prefix><Verb><Name>` (`List<Name>s`; `Remove<Name>` for `remove`); the changes
 * are open to `changedBy` unless a route names its own roles. A route reads with `load` (or a
 * `command` that `runs: "read"`); a change runs its `command`.
 *
 * @example
 * const services = staffResource({ path: "/v1/staff/services", one: "service", name: "Service",
 *   schema: staffService, present, runs: "catalog" });
 * export const getService = services.get({ load: ({ params }, ctx) => loadService(ctx, params.id) });
 */
export function staffResource<T, C extends z.ZodType = z.ZodUndefined>(
  resource: StaffResourceSpec<T, C>,
) {
  const { path, collection, one, name, schema, present, runs, changedBy } = resource;
  const declare = resource.declare ?? staffRoute;
  const many = `${one}s`;
  const the = (status: number) => jsonAnswer(status, `The ${one}`, { [one]: schema }, present);
  const head = (method: HttpMethod, verb: string, item: boolean) => ({
    method,
    operationId: `${resource.prefix ?? "staff"}${verb}${name}${verb === "List" ? "s" : ""}`,
    ...(item
      ? { path: `${path}/:id`, params: idParam }
      : { path: collection?.path ?? path, ...(collection ? { params: collection.params } : {}) }),
  });
  const change = <P extends z.ZodType, B extends z.ZodType>(
    route: object,
    status: number,
    spec: Change<P, B, T>,
  ): RouteSpec<P, z.ZodUndefined, B> =>
    declare<P, z.ZodUndefined, B, T>({
      ...route,
      ...the(status),
      ...(runs ? { runs } : {}),
      ...(changedBy ? { roles: changedBy } : {}),
      ...spec,
    } as DeclaredRoute<P, z.ZodUndefined, B, T>);
  return {
    /** `GET <collection>`: the records it reads, each presented. */
    list: <Q extends z.ZodType = z.ZodUndefined>(spec: Own<C, Q, z.ZodUndefined, readonly T[]>) =>
      declare<C, Q, z.ZodUndefined, readonly T[]>({
        ...head("get", "List", false),
        ...jsonAnswer(
          200,
          many[0]?.toUpperCase() + many.slice(1),
          { [many]: z.array(schema) },
          each(present),
        ),
        ...spec,
      } as DeclaredRoute<C, Q, z.ZodUndefined, readonly T[]>),
    /** `GET <path>/:id`: the record it reads. */
    get: (spec: Own<IdParam, z.ZodUndefined, z.ZodUndefined, T>) =>
      declare<IdParam, z.ZodUndefined, z.ZodUndefined, T>({
        ...head("get", "Get", true),
        summary: `One ${one}`,
        ...the(200),
        ...spec,
      } as DeclaredRoute<IdParam, z.ZodUndefined, z.ZodUndefined, T>),
    /** `POST <collection>` (idempotent): the record the `command` added, `201`. */
    create: <B extends z.ZodType>(spec: Change<C, B, T>) =>
      change(
        { ...head("post", "Create", false), summary: `Create a ${one}`, idempotent: true },
        201,
        spec,
      ),
    /** `PATCH <path>/:id`: the record the `command` changed. */
    update: <B extends z.ZodType>(spec: Change<IdParam, B, T>) =>
      change(head("patch", "Patch", true), 200, spec),
    /** `DELETE <path>/:id`: the record the `command` removed (or archived). */
    remove: (spec: Change<IdParam, z.ZodUndefined, T>) =>
      change(head("delete", "Remove", true), 200, spec),
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
