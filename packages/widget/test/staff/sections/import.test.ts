// The import section's request: the file goes as the raw body with its charset, a check is a dry
// run, an import names its mode, and a refused file (422 IMPORT_REJECTED) answers its report while
// any other problem (a file over the body limit) is thrown for the section to show.

import { describe, expect, it } from "vitest";
import { createStaffClient, StaffApiError } from "../../../src/staff/api.js";
import { sendImport } from "../../../src/staff/sections/import.js";

function fakeApi(status: number, body: unknown) {
  const seen: { url: string; type: string | null; body: string }[] = [];
  const client = createStaffClient({
    api: "https://api.test",
    apiKey: "bw_sk_test",
    fetch: async (input, init) => {
      seen.push({
        url: String(input),
        type: new Headers(init?.headers).get("content-type"),
        body: await new Response(init?.body).text(),
      });
      return new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/problem+json" },
      });
    },
  });
  return { client, seen };
}

const report = { dryRun: true, rows: 1, valid: 1, skipped: 0, errors: [], fileRejected: false };

describe("sendImport", () => {
  it("checks with a dry run and imports with a mode, sending the file as text/csv with its charset", async () => {
    const { client, seen } = fakeApi(200, report);
    const file = new Blob(["name\r\nAna\r\n"]);
    expect(await sendImport(client, "clients", file, "windows-1252", { commit: false })).toEqual(
      report,
    );
    await sendImport(client, "services", file, "utf-8", { commit: true, mode: "valid-rows" });
    expect(seen).toEqual([
      {
        url: "https://api.test/v1/staff/imports/clients?dryRun=true",
        type: "text/csv; charset=windows-1252",
        body: "name\r\nAna\r\n",
      },
      {
        url: "https://api.test/v1/staff/imports/services?mode=valid-rows",
        type: "text/csv; charset=utf-8",
        body: "name\r\nAna\r\n",
      },
    ]);
  });

  it("answers the report of a refused file, and throws any other problem", async () => {
    const refused = { ...report, fileRejected: true };
    const rejected = fakeApi(422, { code: "IMPORT_REJECTED", status: 422, report: refused });
    expect(
      await sendImport(rejected.client, "clients", new Blob(["x"]), "utf-8", { commit: false }),
    ).toEqual(refused);
    const tooBig = fakeApi(413, { code: "PAYLOAD_TOO_LARGE", status: 413 });
    const error = await sendImport(tooBig.client, "clients", new Blob(["x"]), "utf-8", {
      commit: false,
    }).catch((e: unknown) => e);
    expect(StaffApiError.is(error) && error.status).toBe(413);
  });
});
