// Clients and CSV over HTTP on PGlite and PostgreSQL: intake with duplicate detection,
// search over every field, administrative notes, and imports of clients and services checked
// against a corpus of bad files (wrong encodings, broken quoting, missing columns, bad and
// duplicate rows), with formulas stored as text and neutralised on export.

import { describe, expect, test } from "vitest";
import { redelimitCsv } from "../../src/csv/delimit.js";
import { parsePrice } from "../../src/services/back-office/imports.js";
import type { Storage } from "../../src/storage/storage.js";
import { backOfficeStorages, type Office, officePerTest, ok, openOffice } from "./setup.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe.each(backOfficeStorages())("clients and CSV on $name", (factory) => {
  let storage: Storage;
  let office: Office;
  officePerTest(factory, (opened) => {
    ({ storage, office } = opened);
  });

  const upload = (
    path: string,
    bytes: Uint8Array,
    query = "",
    type = "text/csv; charset=utf-8",
    language?: string,
  ) =>
    office.app.request(`${path}${query}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${office.seed.keys.manager}`,
        "content-type": type,
        ...(language ? { "accept-language": language } : {}),
      },
      body: bytes,
    });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
  const json = async (res: Response): Promise<any> => res.json();
  const clientCount = async () => (await storage.listClients(office.clinicId)).length;

  test("intake warns about duplicates by e-mail, phone digits or tax ID, and creates on request", async () => {
    const first = ok(
      await office.desk("POST", "/v1/staff/clients/intake", {
        body: {
          name: "Ana Lima",
          email: "ana@example.com",
          phone: "+351 912 345 678",
          taxId: "PT 123 456 789",
          notes: "Prefers mornings",
        },
      }),
      201,
    ).client;
    expect(first).toMatchObject({ name: "Ana Lima", notes: "Prefers mornings" });
    const dup = await office.desk("POST", "/v1/staff/clients/intake", {
      body: { name: "Ana L.", email: "ANA@example.com", phone: "351-912-345-678" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe("DUPLICATE_CLIENT");
    expect(dup.json.duplicates).toEqual([
      { id: first.id, name: "Ana Lima", matchedOn: ["email", "phone"] },
    ]);
    expect(dup.json.errors.map((e: { field: string }) => e.field)).toEqual(["email", "phone"]);
    const anyway = ok(
      await office.desk("POST", "/v1/staff/clients/intake", {
        body: { name: "Ana L.", email: "ana@example.com", createAnyway: true },
      }),
      201,
    );
    expect(anyway.duplicates.map((d: { id: string }) => d.id)).toEqual([first.id]);
    const byTax = ok(await office.desk("GET", "/v1/staff/client-duplicates?taxId=pt123456789"));
    expect(byTax.duplicates).toEqual([{ id: first.id, name: "Ana Lima", matchedOn: ["taxId"] }]);
    expect((await office.desk("GET", "/v1/staff/client-duplicates")).status).toBe(400);
    const search = async (q: string) =>
      ok(
        await office.desk("GET", `/v1/staff/client-search?q=${encodeURIComponent(q)}`),
      ).clients.map((c: { id: string }) => c.id);
    expect(await search("912 345")).toEqual([first.id]);
    expect(await search("pt 123")).toEqual([first.id]);
    expect(await search("nobody")).toEqual([]);
    expect(await search("123 456")).toEqual([first.id]);
    expect(await search("mornings")).toEqual([first.id]);
    // The basic client search of the app finds by phone digits and notes too (storage search).
    const basic = ok(await office.desk("GET", "/v1/staff/clients?search=mornings")).clients;
    expect(basic.map((c: { id: string }) => c.id)).toEqual([first.id]);
    // Notes survive an edit through the basic client route.
    ok(
      await office.desk("PATCH", `/v1/staff/clients/${first.id}`, {
        body: { name: "Ana Lima Sousa" },
      }),
    );
    const details = ok(
      await office.desk("PATCH", `/v1/staff/clients/${first.id}/details`, {
        body: { address: "Rua A 1, Lisboa" },
      }),
    ).client;
    expect(details).toMatchObject({
      name: "Ana Lima Sousa",
      notes: "Prefers mornings",
      address: "Rua A 1, Lisboa",
    });
    const summary = ok(await office.desk("GET", `/v1/staff/clients/${first.id}/summary`));
    expect(summary).toMatchObject({
      client: { id: first.id },
      cases: [],
      packages: [],
      balance: { outstanding: 0 },
    });
    expect((await office.provider("GET", `/v1/staff/clients/${first.id}/summary`)).status).toBe(
      404,
    );
    expect(
      (await office.provider("POST", "/v1/staff/clients/intake", { body: { name: "x" } })).status,
    ).toBe(403);
  });

  test("client import: a semicolon, BOM, CRLF file with quoted line breaks; a dry run writes nothing", async () => {
    const file = utf8(
      '\uFEFFNome;E-mail;Telemóvel;NIF;Notas\r\nJoão Araújo;joao@example.pt;+351 913 000 001;PT111;"gosta de manhãs;\r\nliga antes"\r\nMaría Núñez;maria@example.es;;;\r\n;;;;\r\nZoë;;+44 7700 900123;;\r\n',
    );
    const before = await clientCount();
    const dry = await upload("/v1/staff/imports/clients", file, "?dryRun=true");
    expect(dry.status).toBe(200);
    const report = await json(dry);
    expect(report).toMatchObject({
      dryRun: true,
      delimiter: ";",
      rows: 3,
      valid: 3,
      imported: 0,
      errors: [],
    });
    expect(await clientCount()).toBe(before);
    const real = await upload("/v1/staff/imports/clients", file);
    expect(real.status).toBe(201);
    const done = await json(real);
    expect(done.created.map((c: { line: number }) => c.line)).toEqual([2, 4, 6]);
    const joao = await storage.getClient(office.clinicId, done.created[0].id);
    expect(joao).toMatchObject({
      name: "João Araújo",
      phone: "+351 913 000 001",
      taxId: "PT111",
      notes: "gosta de manhãs;\r\nliga antes",
    });
    const audit = await storage.listAudit(office.clinicId, {
      entityType: "client",
      entityId: "import",
    });
    expect(audit[0]).toMatchObject({ action: "clients.imported", detail: { imported: 3 } });
  });

  test("a dry run shows the columns it read, previews the first rows and matches existing patients; valid-rows skips the bad and matched rows", async () => {
    const existing = ok(
      await office.desk("POST", "/v1/staff/clients/intake", {
        body: { name: "Rita Sousa", email: "rita@example.pt" },
      }),
      201,
    ).client;
    const file = utf8(
      "Nome;E-mail;Telemóvel;Cor favorita\r\nInês Faria;ines@example.pt;+351 913 000 002;azul\r\nRui;not-an-email;;\r\nR. Sousa;RITA@example.pt;;\r\n",
    );
    const before = await clientCount();
    const dry = await json(await upload("/v1/staff/imports/clients", file, "?dryRun=true"));
    expect(dry).toMatchObject({ dryRun: true, delimiter: ";", rows: 3, valid: 1, skipped: 2 });
    expect(dry.columns).toEqual([
      { header: "Nome", column: "name" },
      { header: "E-mail", column: "email" },
      { header: "Telemóvel", column: "phone" },
      { header: "Cor favorita", column: null },
    ]);
    expect(dry.preview[0]).toEqual({
      line: 2,
      cells: ["Inês Faria", "ines@example.pt", "+351 913 000 002", "azul"],
    });
    expect(dry.errors.map((e: { line: number; column: string; code: string }) => e)).toEqual([
      expect.objectContaining({ line: 3, column: "email", code: "INVALID" }),
      expect.objectContaining({ line: 4, column: "email", code: "EXISTS" }),
    ]);
    expect(dry.matched).toEqual([
      { line: 4, column: "email", id: existing.id, name: "Rita Sousa" },
    ]);
    // The report's lines in the request's language, as problems are; English by default.
    expect(dry.errors[0].message).toBe("is not an e-mail address");
    expect(dry.warnings[0].message).toBe('column "Cor favorita" is not known and was ignored');
    const inPt = await json(
      await upload("/v1/staff/imports/clients", file, "?dryRun=true", undefined, "pt-PT"),
    );
    expect(inPt.errors.map((e: { message: string }) => e.message)).toEqual([
      "não é um endereço de e-mail",
      `pertence ao cliente existente ${existing.id}`,
    ]);
    expect(inPt.warnings[0].message).toBe('a coluna "Cor favorita" não é conhecida e foi ignorada');
    expect(await clientCount()).toBe(before);
    // All or nothing (the default) refuses the file and says which rows are bad.
    const refused = await upload("/v1/staff/imports/clients", file);
    expect(refused.status).toBe(422);
    expect((await json(refused)).report).toMatchObject({ imported: 0, skipped: 2 });
    expect(await clientCount()).toBe(before);
    const done = await upload("/v1/staff/imports/clients", file, "?mode=valid-rows");
    expect(done.status).toBe(201);
    const report = await json(done);
    expect(report).toMatchObject({ dryRun: false, imported: 1, skipped: 2 });
    expect(report.created.map((c: { line: number }) => c.line)).toEqual([2]);
    expect(await clientCount()).toBe(before + 1);
    expect(await storage.getClient(office.clinicId, report.created[0].id)).toMatchObject({
      name: "Inês Faria",
      email: "ines@example.pt",
    });
  });

  test("a corpus of bad client files is rejected with the line and column, importing nothing", async () => {
    ok(
      await office.desk("POST", "/v1/staff/clients/intake", {
        body: { name: "Existing", email: "taken@example.com" },
      }),
      201,
    );
    const before = await clientCount();
    const corpus: {
      name: string;
      bytes: Uint8Array;
      line: number;
      column: string | null;
      code: string;
    }[] = [
      {
        name: "Latin-1 (Windows Excel 'CSV')",
        bytes: new Uint8Array([...utf8("name;email\nAna;a@x.pt\nJo"), 0xe3, ...utf8("o;j@x.pt\n")]),
        line: 3,
        column: null,
        code: "ENCODING",
      },
      {
        name: "UTF-16 LE with BOM",
        bytes: new Uint8Array([0xff, 0xfe, ...[..."name\n"].flatMap((c) => [c.charCodeAt(0), 0])]),
        line: 1,
        column: null,
        code: "ENCODING",
      },
      {
        name: "missing the name column",
        bytes: utf8("email,phone\na@x.pt,1234\n"),
        line: 1,
        column: "name",
        code: "MISSING_COLUMN",
      },
      {
        name: "a quote never closed",
        bytes: utf8('name,notes\nAna,ok\nRui,"open\nEva,x\n'),
        line: 3,
        column: null,
        code: "MALFORMED",
      },
      {
        name: "text after a closing quote",
        bytes: utf8('name,notes\n"Ana"x,ok\n'),
        line: 2,
        column: "6",
        code: "MALFORMED",
      },
      {
        name: "an empty file",
        bytes: utf8("\uFEFF"),
        line: 1,
        column: null,
        code: "MISSING_COLUMN",
      },
    ];
    for (const bad of corpus) {
      const res = await upload("/v1/staff/imports/clients", bad.bytes, "?mode=valid-rows");
      expect(res.status, bad.name).toBe(422);
      const problem = await json(res);
      expect(problem.code, bad.name).toBe("IMPORT_REJECTED");
      expect(problem.report.errors[0], bad.name).toMatchObject({
        line: bad.line,
        column: bad.column,
        code: bad.code,
      });
      expect(problem.detail, bad.name).toContain(`Line ${bad.line}`);
    }
    // Row problems: every one reported; all-or-nothing imports nothing, valid-rows the rest.
    const rows = utf8(
      [
        "name,email,phone,tax id",
        "Good One,good1@example.com,,",
        "Bad Mail,not-an-email,,",
        ",nobody@example.com,,",
        "Twin,good1@example.com,,",
        "Taken,TAKEN@example.com,,",
        "Bad Phone,,call me,",
        "Good Two,good2@example.com,+351 1,",
      ].join("\n"),
    );
    const all = await upload("/v1/staff/imports/clients", rows);
    expect(all.status).toBe(422);
    const rejected = (await json(all)).report;
    expect(
      rejected.errors.map((e: { line: number; column: string; code: string }) => [
        e.line,
        e.column,
        e.code,
      ]),
    ).toEqual([
      [3, "email", "INVALID"],
      [4, "name", "INVALID"],
      [5, "email", "DUPLICATE"],
      [6, "email", "EXISTS"],
      [7, "phone", "INVALID"],
    ]);
    expect(await clientCount()).toBe(before);
    const dry = await json(await upload("/v1/staff/imports/clients", rows, "?dryRun=true"));
    expect(dry).toMatchObject({ valid: 2, imported: 0 });
    expect(dry.errors).toHaveLength(5);
    const some = await upload("/v1/staff/imports/clients", rows, "?mode=valid-rows");
    expect(some.status).toBe(201);
    const partial = await json(some);
    expect(partial.created.map((c: { line: number }) => c.line)).toEqual([2, 8]);
    expect(await clientCount()).toBe(before + 2);
    const wrongType = await upload("/v1/staff/imports/clients", rows, "", "application/json");
    expect(wrongType.status).toBe(415);
    expect(
      (
        await office.provider("POST", "/v1/staff/imports/clients", {
          raw: "name\nx",
          headers: { "content-type": "text/csv" },
        })
      ).status,
    ).toBe(403);
  });

  test("regression: Excel's plain CSV (windows-1252, semicolons) imports when its charset is declared", async () => {
    // "Nome;Telemóvel;NIF\r\nJoão Conceição;912 345 678;PT123\r\n" as Portuguese Excel saves it.
    const latin1 = Uint8Array.from(
      [..."Nome;Telemóvel;NIF\r\nJoão Conceição;912 345 678;PT123\r\n"].map((c) => c.charCodeAt(0)),
    );
    const undeclared = await upload("/v1/staff/imports/clients", latin1);
    expect(undeclared.status).toBe(422);
    expect((await json(undeclared)).detail).toContain("charset=windows-1252");
    const declared = await upload(
      "/v1/staff/imports/clients",
      latin1,
      "",
      "text/csv; charset=windows-1252",
    );
    expect(declared.status).toBe(201);
    const [created] = (await json(declared)).created;
    const stored = await storage.getClient(office.clinicId, created.id);
    expect(stored).toMatchObject({ name: "João Conceição", phone: "912 345 678", taxId: "PT123" });
    // A UTF-8 file with a BOM mislabelled as windows-1252 is still read as UTF-8.
    const bom = await upload(
      "/v1/staff/imports/clients",
      utf8("\uFEFFname;email\r\nInês Sá;ines@example.com\r\n"),
      "?dryRun=true",
      "text/csv; charset=ISO-8859-1",
    );
    expect(await json(bom)).toMatchObject({ valid: 1, errors: [] });
    const unknown = await upload(
      "/v1/staff/imports/clients",
      latin1,
      "",
      "text/csv; charset=koi8-r",
    );
    expect(unknown.status).toBe(422);
    expect((await json(unknown)).report.errors[0]).toMatchObject({ line: 1, code: "ENCODING" });
  });

  test("regression: a NUL character (U+0000) is a 4xx naming the field, not a 500 from PostgreSQL", async () => {
    const before = await clientCount();
    const intake = await office.desk("POST", "/v1/staff/clients/intake", {
      body: { name: "Ana\u0000Lima", createAnyway: true },
    });
    expect(intake.status).toBe(400);
    expect(intake.json.errors[0].field).toBe("name");
    const search = await office.desk("GET", "/v1/staff/client-search?q=a%00b");
    expect(search.status).toBe(400);
    expect(search.json.errors[0].field).toBe("q");
    const nested = await office.desk("POST", "/v1/staff/payments", {
      body: {
        method: "cash",
        amount: { amount: 100, currency: "EUR" },
        caseId: "case_x",
        reference: "POS\u00001",
      },
    });
    expect(nested.status).toBe(400);
    expect(nested.json.errors[0].field).toBe("reference");
    // CSV: a NUL byte, and a workbook sent instead of a CSV file, are refused with the line.
    for (const [bytes, line, text] of [
      [utf8("name,email\nAna,a@x.pt\nRui\u0000,r@x.pt\n"), 3, "NUL byte on line 3"],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 1, ".xlsx"],
    ] as const) {
      const res = await upload("/v1/staff/imports/clients", bytes, "?mode=valid-rows");
      expect(res.status).toBe(422);
      const problem = await json(res);
      expect(problem.report.errors[0]).toMatchObject({ line, code: "ENCODING" });
      expect(problem.detail).toContain(text);
    }
    expect(await clientCount()).toBe(before);
  });

  test("regression: exports can use semicolons (Excel in Portugal and Spain opens comma files in one column)", async () => {
    const file = utf8(
      'name;email;notes\nRita Lopes;rita@example.com;"Mornings; not Fridays, please"\n=1+1;f@example.com;\n',
    );
    expect((await upload("/v1/staff/imports/clients", file)).status).toBe(201);
    const get = (path: string) =>
      office.app.request(path, {
        headers: { authorization: `Bearer ${office.seed.keys.front_desk}` },
      });
    const res = await get("/v1/staff/exports/clients.csv?delimiter=semicolon");
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe("id;name;email;phone;tax_id;notes;created_at");
    expect(text).toContain(';Rita Lopes;rita@example.com;;;"Mornings; not Fridays, please";');
    expect(text).toContain(";'=1+1;");
    // It imports back into another clinic with the same values.
    const other = await openOffice(storage);
    const back = await other.app.request("/v1/staff/imports/clients", {
      method: "POST",
      headers: { authorization: `Bearer ${other.seed.keys.manager}`, "content-type": "text/csv" },
      body: bytes,
    });
    expect(back.status).toBe(201);
    const notes = (await storage.listClients(other.clinicId)).map((c) => [c.name, c.notes]);
    expect(notes).toContainEqual(["Rita Lopes", "Mornings; not Fridays, please"]);
    expect(notes).toContainEqual(["=1+1", undefined]);
    const services = await (await get("/v1/staff/exports/services.csv?delimiter=semicolon")).text();
    expect(services.split("\r\n")[0]).toBe("id;name;category;duration;price;discipline;currency");
    const report = await (
      await get("/v1/staff/reports/monthly.csv?month=2026-03&delimiter=tab")
    ).text();
    expect(report.split("\r\n")[0]).toMatch(/^scope\tid\tappointments\t/);
    const bad = await get("/v1/staff/exports/clients.csv?delimiter=pipe");
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].field).toBe("delimiter");
  });

  test("regression: semicolon exports wrote decimals with a point, which Excel in Portugal and Spain reads as text (45.00) or thousands (0.125 → 125)", async () => {
    const get = (path: string) =>
      office.app.request(path, {
        headers: { authorization: `Bearer ${office.seed.keys.manager}` },
      });
    const services = await (await get("/v1/staff/exports/services.csv?delimiter=semicolon")).text();
    const rows = services
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const priceAt = rows[0]?.split(";").indexOf("price") ?? -1;
    const prices = rows.slice(1).map((r) => r.split(";")[priceAt] ?? "");
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price).toMatch(/^\d+,\d{2}$/);
    // Comma files keep the point; both import back to the same catalog.
    const comma = await (await get("/v1/staff/exports/services.csv")).text();
    expect(comma).toMatch(/,\d+\.\d{2},/);
    // The import reads them back as the same amounts.
    const stored = await storage.listServices(office.clinicId);
    const idAt = rows[0]?.split(";").indexOf("id") ?? -1;
    for (const row of rows.slice(1)) {
      const cells = row.split(";");
      const service = stored.find((s) => s.id === cells[idAt]);
      expect(parsePrice(cells[priceAt] ?? "", "EUR")).toBe(service?.price.amount);
    }
    const report = await (
      await get("/v1/staff/reports/monthly.csv?month=2026-03&delimiter=semicolon")
    ).text();
    expect(report).not.toMatch(/;\d+\.\d+(;|\r)/);
    // The rates are the decimal columns of the report; ids and text are never touched.
    expect(
      redelimitCsv("scope,id,no_show_rate,notes\r\ntotal,1.5,0.125,2.5\r\n", "semicolon", [
        "no_show_rate",
      ]),
    ).toBe("scope;id;no_show_rate;notes\r\ntotal;1.5;0,125;2.5\r\n");
    expect(redelimitCsv("a,rate\r\nx,0.5\r\n", "tab", ["rate"])).toBe("a\trate\r\nx\t0.5\r\n");
  });

  test("regression: semicolon exports wrote created_at as ISO UTC, which Excel in Portugal and Spain keeps as text (and a day off near midnight)", async () => {
    ok(
      await office.desk("POST", "/v1/staff/clients/intake", {
        body: { name: "Inês Faria", email: "ines@example.com", createAnyway: true },
      }),
      201,
    );
    const res = await office.app.request("/v1/staff/exports/clients.csv?delimiter=semicolon", {
      headers: { authorization: `Bearer ${office.seed.keys.manager}` },
    });
    const rows = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const at = rows[0]?.split(";").indexOf("created_at") ?? -1;
    const ines = rows.find((r) => r.includes("Inês Faria"))?.split(";") ?? [];
    const stored = (await storage.listClients(office.clinicId)).find(
      (c) => c.name === "Inês Faria",
    );
    const lisbon = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Lisbon",
      dateStyle: "short",
      timeStyle: "medium",
    });
    expect(ines[at]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(ines[at]).toBe(lisbon.format(new Date(stored?.createdAt ?? "")));
    // Comma exports keep the ISO instant; summer time shows the clinic's wall clock.
    const comma = await office.app.request("/v1/staff/exports/clients.csv", {
      headers: { authorization: `Bearer ${office.seed.keys.manager}` },
    });
    expect(await comma.text()).toContain(stored?.createdAt);
    expect(
      redelimitCsv("id,created_at\r\nc1,2026-07-01T22:30:00.000Z\r\n", "semicolon", [], {
        columns: ["created_at"],
        timeZone: "Europe/Lisbon",
      }),
    ).toBe("id;created_at\r\nc1;2026-07-01 23:30:00\r\n");
  });

  test("regression: the same file uploaded three times at once imports once; a double-clicked intake creates one client", async () => {
    const rows = utf8(
      ["name,email", ...Array.from({ length: 50 }, (_, i) => `Client ${i},c${i}@example.com`)].join(
        "\n",
      ),
    );
    const before = await clientCount();
    const uploads = await Promise.all(
      [1, 2, 3].map(() => upload("/v1/staff/imports/clients", rows)),
    );
    expect(uploads.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect(await clientCount()).toBe(before + 50);
    const intakes = await Promise.all(
      [1, 2, 3].map(() =>
        office.desk("POST", "/v1/staff/clients/intake", {
          body: { name: "Ana Lima", email: "ana.lima@example.com" },
        }),
      ),
    );
    expect(intakes.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(intakes.filter((r) => r.status === 409).map((r) => r.json.code)).toEqual([
      "DUPLICATE_CLIENT",
      "DUPLICATE_CLIENT",
    ]);
    expect(await clientCount()).toBe(before + 51);
  });

  test("formulas are stored as text exactly and neutralised on export; the export imports back", async () => {
    const file = utf8(
      'name,email,phone,notes\n"=HYPERLINK(""http://evil.example"",""click"")",f1@example.com,+351 912 000 000,@SUM(A1)\n-2+3,f2@example.com,,+1 call back\n',
    );
    const done = await json(await upload("/v1/staff/imports/clients", file));
    expect(done.imported).toBe(2);
    const stored = await storage.getClient(office.clinicId, done.created[0].id);
    expect(stored?.name).toBe('=HYPERLINK("http://evil.example","click")');
    expect(stored?.notes).toBe("@SUM(A1)");
    const res = await office.app.request("/v1/staff/exports/clients.csv", {
      headers: { authorization: `Bearer ${office.seed.keys.front_desk}` },
    });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain("'@SUM(A1)");
    expect(text).toContain("'+351 912 000 000");
    expect(text).toContain("'-2+3");
    expect(text).toContain(",'+1 call back,");
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    // Importing the export into another clinic gives the same values back.
    const other = await openOffice(storage);
    const back = await other.app.request("/v1/staff/imports/clients", {
      method: "POST",
      headers: { authorization: `Bearer ${other.seed.keys.manager}`, "content-type": "text/csv" },
      body: bytes,
    });
    expect(back.status).toBe(201);
    const names = (await storage.listClients(other.clinicId)).map((c) => c.name).sort();
    expect(names).toContain('=HYPERLINK("http://evil.example","click")');
    expect(names).toContain("-2+3");
  });

  test("service catalog import: Portuguese headers and prices, every bad row reported, export", async () => {
    const file = utf8(
      [
        "Nome;Categoria;Duração;Preço;Disciplina",
        "Massagem desportiva;Massagem;45;45,50;massage",
        "Pilates reformer;Classes;60;1.234,00;pilates",
        "Physiotherapy;Physio;50;45;physio",
        "Massagem desportiva;Massagem;30;30;massage",
        "Sem preço;X;30;grátis;physio",
        "Curta;X;3;10;physio",
        "Sem disciplina;X;30;10;",
      ].join("\r\n"),
    );
    const dry = await json(await upload("/v1/staff/imports/services", file, "?dryRun=true"));
    expect(
      dry.errors.map((e: { line: number; column: string; code: string }) => [
        e.line,
        e.column,
        e.code,
      ]),
    ).toEqual([
      [4, "name", "EXISTS"],
      [5, "name", "DUPLICATE"],
      [6, "price", "INVALID"],
      [7, "duration", "INVALID"],
      [8, "discipline", "INVALID"],
    ]);
    const publicCatalog = async () =>
      JSON.stringify(
        await (
          await office.app.request("/v1/services", {
            headers: { "x-bookwell-clinic": office.clinicId },
          })
        ).json(),
      );
    expect(await publicCatalog()).not.toContain("massagem-desportiva"); // now cached
    const imported = await upload("/v1/staff/imports/services", file, "?mode=valid-rows");
    expect(imported.status).toBe(201);
    const report = await json(imported);
    expect(report.created).toEqual([
      { line: 2, id: "massagem-desportiva", name: "Massagem desportiva" },
      { line: 3, id: "pilates-reformer", name: "Pilates reformer" },
    ]);
    const massage = await storage.getService(office.clinicId, "massagem-desportiva");
    expect(massage).toMatchObject({
      durationMinutes: 45,
      price: { amount: 4550, currency: "EUR" },
      category: "Massagem",
    });
    expect((await storage.getService(office.clinicId, "pilates-reformer"))?.price.amount).toBe(
      123400,
    );
    // The public catalog shows the imported services at once (the catalog cache is invalidated).
    expect(await publicCatalog()).toContain("massagem-desportiva");
    const exported = await office.desk("GET", "/v1/staff/exports/services.csv");
    expect(exported.text).toContain(
      "massagem-desportiva,Massagem desportiva,Massagem,45,45.50,massage,EUR\r\n",
    );
    const desk = await office.app.request("/v1/staff/imports/services", {
      method: "POST",
      headers: {
        authorization: `Bearer ${office.seed.keys.front_desk}`,
        "content-type": "text/csv",
      },
      body: file,
    });
    expect(desk.status).toBe(403);
  });
});
