// @vitest-environment node
// The widget's field limits (src/api/limits.ts) are the server's: read from the OpenAPI document
// the server builds from its own zod schemas, so neither side can change alone.
import { allRoutes, buildOpenApiDocument } from "@bookwell/server-adapter";
import { describe, expect, it } from "vitest";
import { fieldLimits } from "../src/api/limits.js";

interface Schema {
  maxLength?: number;
  properties?: Record<string, Schema>;
}

function bodySchema(path: string): Schema {
  const doc = buildOpenApiDocument(allRoutes) as {
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: Schema }> } } }
    >;
  };
  const schema = doc.paths[path]?.post.requestBody.content["application/json"]?.schema;
  if (!schema) throw new Error(`no JSON body for POST ${path}`);
  return schema;
}

describe("field limits", () => {
  it("equal the server's for the patient's details (POST /v1/bookings client.*)", () => {
    const client = bodySchema("/v1/bookings").properties?.client?.properties ?? {};
    expect({
      name: client.name?.maxLength,
      email: client.email?.maxLength,
      phone: client.phone?.maxLength,
      notes: client.notes?.maxLength,
    }).toEqual({
      name: fieldLimits.name,
      email: fieldLimits.email,
      phone: fieldLimits.phone,
      notes: fieldLimits.notes,
    });
    expect(fieldLimits.notes).toBe(2000);
  });

  it("equal the server's for the cancel reason (POST /v1/manage/{token}/cancel)", () => {
    const reason = bodySchema("/v1/manage/{token}/cancel").properties?.reason;
    expect(reason?.maxLength).toBe(fieldLimits.cancelReason);
  });
});
