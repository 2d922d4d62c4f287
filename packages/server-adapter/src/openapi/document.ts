// OpenAPI 3.1 document generated from the route table: the same zod schemas validate requests.

import { z } from "zod";
import { PROBLEM_CODES } from "../errors.js";
import { PROBLEM_RULES } from "../problems-i18n/en.js";
import { type AnyRouteSpec, toOpenApiPath } from "../routes/define.js";

type JsonSchema = Record<string, unknown>;

/** Title, version and description of the generated document. */
export interface OpenApiInfo {
  title?: string;
  version?: string;
  description?: string;
  /** Server URL the document advertises, e.g. `/api` when mounted under a prefix. */
  serverUrl?: string;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

const problemSchema: JsonSchema = {
  type: "object",
  required: ["type", "title", "status", "code", "detail"],
  properties: {
    type: { type: "string", description: "`urn:bookwell:problem:<code in kebab case>`" },
    title: { type: "string" },
    status: { type: "integer" },
    code: { type: "string", enum: Object.keys(PROBLEM_CODES) },
    detail: { type: "string" },
    errors: {
      type: "array",
      description: "The offending fields of a validation error.",
      items: {
        type: "object",
        required: ["field", "message", "rule"],
        properties: {
          field: { type: "string", description: "Dotted path (`client.email`) or parameter name" },
          message: {
            type: "string",
            description: "The rule in plain words, in the request's language (Accept-Language)",
          },
          rule: {
            type: "string",
            description: `Stable machine name of the broken rule: ${PROBLEM_RULES.join(", ")}`,
          },
          maximum: { type: "number", description: "too_long, too_large, too_many: the limit" },
          minimum: { type: "number", description: "too_short, too_small, too_few: the limit" },
          format: { type: "string", description: "format: the expected format" },
          expected: { type: "string", description: "invalid_type: the expected type" },
          values: {
            type: "array",
            items: { type: "string" },
            description: "not_one_of: the allowed values",
          },
          divisor: { type: "number", description: "not_multiple_of: the divisor" },
        },
      },
    },
    alternatives: {
      type: "array",
      description: "SLOT_TAKEN: the nearest free times.",
      items: { type: "object" },
    },
    violations: {
      type: "array",
      description: "BOOKING_RULE_VIOLATED: the engine's violations.",
      items: { type: "object" },
    },
  },
};

function parameters(route: AnyRouteSpec): JsonSchema[] {
  const list: JsonSchema[] = [];
  const add = (schema: z.ZodType | undefined, where: "path" | "query") => {
    if (!schema) return;
    const js = jsonSchema(schema, "input");
    const props = (js.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((js.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(props)) {
      const { description, ...rest } = prop;
      list.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  };
  add(route.params, "path");
  add(route.query, "query");
  if (route.access === "public") {
    list.push({
      name: "X-Bookwell-Clinic",
      in: "header",
      required: false,
      description:
        "The clinic the request is for (or the `clinic` query parameter); optional when the server hosts one clinic.",
      schema: { type: "string" },
    });
  }
  if (route.idempotent) {
    list.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Retry-safe key: the same key with the same body replays the first response; with another body → 422; while the first still runs → 409.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  return list;
}

/**
 * Builds the OpenAPI 3.1 document of a route table.
 *
 * @example
 * const doc = buildOpenApiDocument(routes, { title: "Bookwell API", version: "1" });
 * doc.paths["/v1/slots"].get.operationId; // "listSlots"
 */
export function buildOpenApiDocument(
  routes: readonly AnyRouteSpec[],
  info: OpenApiInfo = {},
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    const item = paths[path] ?? {};
    paths[path] = item;
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const content: Record<string, unknown> = {};
      if (spec.schema) {
        content["application/json"] = { schema: jsonSchema(spec.schema, "output") };
      } else if (spec.contentType) {
        content[spec.contentType] = { schema: { type: "string" } };
      }
      responses[status] = {
        description: spec.description,
        ...(Object.keys(content).length > 0 ? { content } : {}),
      };
    }
    responses.default = {
      description: "An error (problem details with a stable `code`).",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [...route.tags],
      parameters: parameters(route),
      responses,
    };
    if (route.description) operation.description = route.description;
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { "application/json": { schema: jsonSchema(route.body, "input") } },
      };
    }
    if (route.access === "staff") {
      operation.security = [{ apiKey: [] }, { staffSession: [] }];
      const roles = route.roles ?? ["manager", "front_desk", "provider"];
      operation["x-bookwell-roles"] = [...roles];
    }
    item[route.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: info.title ?? "Bookwell API",
      version: info.version ?? "1.0.0",
      description:
        info.description ??
        "Public (patient) and staff routes of a Bookwell clinic. Errors are application/problem+json with a stable `code`, worded in the request's language (`Accept-Language`: en, pt or es; English otherwise), each field error with a stable `rule`.",
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "A staff API key (`Authorization: Bearer bw_sk_…`).",
        },
        staffSession: {
          type: "apiKey",
          in: "cookie",
          name: "bookwell_staff_session",
          description:
            "A staff user's session cookie (`POST /v1/staff/auth/sign-in`). Requests that change something must also send `X-Bookwell-CSRF: 1`.",
        },
      },
    },
  };
}
