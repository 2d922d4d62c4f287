// Component tests of the Team accounts and My account sections (happy-dom + msw): the requests
// they send (a provider's ticked calendars only, a role change, the TOTP confirmation), the
// server's refusals beside the field they name (translated where the code is known, else the
// server's own words), and the screen of API-key credentials that have no account to manage.

import { fireEvent, waitFor, within } from "@testing-library/preact";
import { HttpResponse, http } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StaffApiError } from "../../../src/staff/api.js";
import { accountsEn } from "../../../src/staff/i18n/sections/accounts.en.js";
import { accountsEs } from "../../../src/staff/i18n/sections/accounts.es.js";
import { accountsPt } from "../../../src/staff/i18n/sections/accounts.pt.js";
import { MyAccountSection } from "../../../src/staff/sections/account.js";
import { AccountsSection } from "../../../src/staff/sections/accounts.js";
import { refusalOf } from "../../../src/staff/sections/accounts-kit.js";
import { server, useMockServer } from "../../render.js";
import { API, renderSection, unmountSections } from "./section-mocks.js";

useMockServer();
afterEach(unmountSections);
beforeEach(() =>
  server.use(
    http.options(`${API}/v1/staff/*`, () => new HttpResponse(null, { status: 204, headers: CORS })),
  ),
);

const BASE = `${API}/v1/staff`;
/** The CORS headers of the staff API (the sections run on another origin). */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PATCH, OPTIONS",
  "access-control-allow-headers": "content-type, authorization",
};
const json = (body: unknown, status = 200) =>
  HttpResponse.json(body as Record<string, unknown>, { status, headers: CORS });
const problem = (status: number, code: string, errors: Array<{ field: string; message: string }>) =>
  HttpResponse.json(
    { type: "about:blank", title: code, status, code, detail: code, errors },
    { status, headers: { ...CORS, "content-type": "application/problem+json" } },
  );

const user = (over: Record<string, unknown>) => ({
  id: "usr_1",
  email: "marta@clinic.example",
  name: "Marta Reis",
  role: "manager",
  calendarIds: [],
  active: true,
  passwordSet: true,
  totpEnabled: false,
  backupCodesLeft: 0,
  ...over,
});

describe("the sections' texts", () => {
  it("are translated: every Portuguese and Spanish text differs from the English one", () => {
    // The same word in all three languages.
    const same = new Set(["email"]);
    for (const texts of [accountsPt, accountsEs]) {
      for (const [key, value] of Object.entries(accountsEn)) {
        if (same.has(key)) continue;
        const other = (texts as Record<string, unknown>)[key];
        const show = (v: unknown) =>
          typeof v === "function" ? String(v("X", "Y", "Z")) : JSON.stringify(v);
        expect(show(other), key).not.toBe(show(value));
      }
    }
  });
});

describe("refusalOf", () => {
  it("names the field of the server's problem and translates the codes it knows", () => {
    const taken = new StaffApiError({
      status: 409,
      code: "CONFLICT",
      errors: [{ field: "email", message: "is taken by another staff user" }],
    });
    expect(refusalOf(taken, accountsPt)).toEqual({
      field: "email",
      text: "Outro utilizador da equipa já tem este e-mail.",
    });
    const lastManager = new StaffApiError({
      status: 409,
      code: "CONFLICT",
      errors: [{ field: "active", message: "keep one active manager" }],
    });
    expect(refusalOf(lastManager, accountsEn).text).toBe(
      "The clinic must keep one active manager.",
    );
    const calendar = new StaffApiError({
      status: 400,
      code: "VALIDATION_FAILED",
      errors: [{ field: "calendarIds.0", message: "no such calendar" }],
    });
    expect(refusalOf(calendar, accountsEn)).toEqual({
      field: "calendarIds",
      text: "Not accepted: no such calendar",
    });
    expect(refusalOf(new Error("boom"), accountsEn)).toEqual({ text: "boom" });
  });
});

describe("Team accounts section", () => {
  it("lists users; invites a provider with the ticked calendars; shows the link; a refusal sits by its field", async () => {
    const sent: unknown[] = [];
    let users = [
      user({}),
      user({
        id: "usr_2",
        email: "rui@x.example",
        name: "Rui",
        role: "provider",
        calendarIds: ["ana"],
        passwordSet: false,
        totpEnabled: false,
      }),
    ];
    server.use(
      http.get(`${BASE}/users`, () => json({ users })),
      http.get(`${BASE}/calendars`, () =>
        json({
          calendars: [
            { id: "ana", kind: "provider", name: "Ana Silva" },
            { id: "bruno", kind: "provider", name: "Bruno Costa" },
            { id: "room-1", kind: "room", name: "Sala 1" },
          ],
        }),
      ),
      http.post(`${BASE}/users`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        sent.push(body);
        if (body.email === "taken@x.example") {
          return problem(409, "CONFLICT", [{ field: "email", message: "is taken" }]);
        }
        const created = user({ ...body, id: "usr_3", passwordSet: false });
        users = [...users, created];
        return json(
          {
            user: created,
            inviteUrl: "https://clinic.test/staff/#invite=abc",
            expiresAt: "2026-03-12T09:00:00Z",
          },
          201,
        );
      }),
    );
    const { root } = renderSection(AccountsSection, {}, "en");
    const ui = within(root);
    const table = await ui.findByRole("table", { name: "Staff users" });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(3));
    const rui = within(table).getByRole("row", { name: /^Rui/ });
    expect(rui.textContent).toContain("Ana Silva");
    expect(rui.textContent).toContain("Invited");
    expect(within(rui).getByRole("button", { name: "New invite link for Rui" })).toBeTruthy();

    const form = within(ui.getByRole("form", { name: "Invite someone" }));
    fireEvent.input(form.getByLabelText("Name"), { target: { value: "Taken" } });
    fireEvent.input(form.getByLabelText("E-mail"), { target: { value: "taken@x.example" } });
    fireEvent.click(form.getByRole("button", { name: "Send invite" }));
    await waitFor(() =>
      expect(form.getByLabelText("E-mail").getAttribute("aria-invalid")).toBe("true"),
    );
    expect(form.getByRole("alert").textContent).toBe("Another staff user has this e-mail.");

    fireEvent.input(form.getByLabelText("Name"), { target: { value: "Bea" } });
    fireEvent.input(form.getByLabelText("E-mail"), { target: { value: "bea@x.example" } });
    fireEvent.change(form.getByLabelText("Role"), { target: { value: "provider" } });
    // Only provider calendars are offered.
    await waitFor(() => expect(form.getAllByRole("checkbox")).toHaveLength(2));
    fireEvent.click(form.getByRole("checkbox", { name: "Bruno Costa" }));
    fireEvent.click(form.getByRole("button", { name: "Send invite" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({
      email: "bea@x.example",
      name: "Bea",
      role: "provider",
      calendarIds: ["bruno"],
    });
    const link = (await ui.findByRole("textbox", { name: /^Invite link/ })) as HTMLInputElement;
    expect(link.value).toBe("https://clinic.test/staff/#invite=abc");
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(4));
  });

  it("changes a role with PATCH and says the last-manager refusal", async () => {
    const patches: unknown[] = [];
    server.use(
      http.get(`${BASE}/users`, () => json({ users: [user({})] })),
      http.get(`${BASE}/calendars`, () => json({ calendars: [] })),
      http.patch(`${BASE}/users/usr_1`, async ({ request }) => {
        patches.push(await request.json());
        return problem(409, "CONFLICT", [{ field: "role", message: "keep one active manager" }]);
      }),
    );
    const { root } = renderSection(AccountsSection, {}, "pt");
    const ui = within(root);
    fireEvent.click(await ui.findByRole("button", { name: "Alterar Marta Reis" }));
    const form = within(ui.getByRole("form", { name: "Alterar Marta Reis" }));
    fireEvent.change(form.getByLabelText("Função"), { target: { value: "front_desk" } });
    fireEvent.click(form.getByRole("button", { name: "Guardar" }));
    await waitFor(() =>
      expect(form.getByRole("alert").textContent).toBe("A clínica tem de manter um gestor ativo."),
    );
    expect(patches).toEqual([{ name: "Marta Reis", role: "front_desk" }]);
    expect(form.getByLabelText("Função").getAttribute("aria-invalid")).toBe("true");
  });
});

describe("My account section", () => {
  it("with an API key there is no account to manage", async () => {
    server.use(
      http.get(`${BASE}/auth/session`, () =>
        json({ clinicId: "lisbon", role: "manager", actorId: "api-key:k", user: null }),
      ),
    );
    const { root } = renderSection(MyAccountSection, {}, "es");
    const ui = within(root);
    await ui.findByText(/no con una cuenta del equipo/);
    expect(ui.queryByRole("form")).toBeNull();
  });

  it("confirms a TOTP enrolment with the code typed and shows the backup codes once", async () => {
    let enabled = false;
    const confirmed: unknown[] = [];
    server.use(
      http.get(`${BASE}/auth/session`, () =>
        json({
          clinicId: "lisbon",
          role: "provider",
          actorId: "usr_1",
          user: user({ role: "provider", totpEnabled: enabled, backupCodesLeft: enabled ? 2 : 0 }),
        }),
      ),
      http.post(`${BASE}/auth/totp/enrol`, () =>
        json({
          secret: "JBSWY3DPEHPK3PXP",
          otpauthUri: "otpauth://totp/Bookwell:m?secret=JBSWY3DPEHPK3PXP",
        }),
      ),
      http.post(`${BASE}/auth/totp/confirm`, async ({ request }) => {
        confirmed.push(await request.json());
        enabled = true;
        return json({ backupCodes: ["aaaaa-bbbbb", "ccccc-ddddd"] });
      }),
    );
    const { root } = renderSection(MyAccountSection, {}, "en");
    const ui = within(root);
    fireEvent.click(await ui.findByRole("button", { name: "Turn on two-factor" }));
    await ui.findByText("JBSWY3DPEHPK3PXP");
    const form = within(ui.getByRole("form", { name: "Confirm and turn on" }));
    fireEvent.input(form.getByLabelText("Code from the app"), { target: { value: " 123456 " } });
    fireEvent.click(form.getByRole("button", { name: "Confirm and turn on" }));
    const codes = await ui.findByRole("list", { name: "Backup codes" });
    expect(
      within(codes)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["aaaaa-bbbbb", "ccccc-ddddd"]);
    expect(confirmed).toEqual([{ code: "123456" }]);
    await ui.findByText("On. Backup codes left: 2.");
    expect(ui.getByRole("form", { name: "Turn off two-factor" })).toBeTruthy();
  });
});
