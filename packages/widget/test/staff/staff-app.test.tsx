// Component tests of the staff app (happy-dom + msw): the navigation by role, the section in the
// URL hash (reload and back), sections loaded on demand, the Patients section (search as you type,
// the card with balance, no-shows, cases, visits, money, audited private notes, merging a
// duplicate, the link to Checkout), the desk booking of a returning patient, and the texts in
// Portuguese and Spanish.
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { StaffApiError as OwnStaffApiError } from "../../src/staff/api.js";
import { hashOf, routeFromHash, sectionsFor } from "../../src/staff/app.js";
import { en } from "../../src/staff/i18n/en.js";
import { es } from "../../src/staff/i18n/es.js";
import { pt } from "../../src/staff/i18n/pt.js";
import { type MountedStaffCalendar, mountStaffApp } from "../../src/staff/index.js";
import { server, useMockServer } from "../render.js";
import { DAY, STAFF_API, type StaffMock, staffMock } from "./staff-mocks.js";

useMockServer();

const mounted: MountedStaffCalendar[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
  window.location.hash = "";
  localStorage.clear();
});

function renderApp(
  options: { role?: "manager" | "provider"; locale?: string; hash?: string } = {},
): { mock: StaffMock; ui: ReturnType<typeof within> } {
  const mock = staffMock(options.role ?? "manager");
  server.use(...mock.handlers);
  window.location.hash = options.hash ?? "";
  const host = document.createElement("div");
  document.body.appendChild(host);
  const m = mountStaffApp(host, {
    api: STAFF_API,
    apiKey: "bw_sk_test",
    date: DAY,
    pollSeconds: 0,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  mounted.push(m);
  return { mock, ui: within(m.shadowRoot.querySelector(".bw-staff-root") as HTMLElement) };
}

describe("staff app shell", () => {
  it("routes and hashes round-trip; each role sees its sections", () => {
    const route = { section: "patients" as const, params: { clientId: "cli 1" } };
    expect(routeFromHash(hashOf(route))).toEqual(route);
    expect(routeFromHash("#nowhere")).toBeNull();
    expect(sectionsFor("manager")).toEqual([
      "calendar",
      "patients",
      "waitlist",
      "checkout",
      "reports",
      "audit",
      "import",
      "setup",
      "accounts",
    ]);
    expect(sectionsFor("front_desk")).toEqual([
      "calendar",
      "patients",
      "waitlist",
      "checkout",
      "reports",
      "audit",
      "import",
    ]);
    expect(sectionsFor("provider")).toEqual(["calendar", "patients"]);
  });

  it("opens on the calendar, navigates by the menu and keeps the section in the hash", async () => {
    const { ui } = renderApp();
    const nav = within(await ui.findByRole("navigation", { name: "Staff sections" }));
    await ui.findByRole("grid");
    expect(nav.getAllByRole("link").map((l) => l.textContent)).toEqual([
      "Calendar",
      "Patients",
      "Waitlist",
      "Checkout",
      "Reports",
      "Audit",
      "Import",
      "Setup",
      "Team accounts",
    ]);
    expect(nav.getByRole("link", { name: "Calendar" }).getAttribute("aria-current")).toBe("page");
    fireEvent.click(nav.getByRole("link", { name: "Patients" }));
    await ui.findByRole("heading", { name: "Patients" });
    expect(window.location.hash).toBe("#patients");
    // Back (the hash changes): the calendar again.
    window.location.hash = "#calendar";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await ui.findByRole("grid");
    // The back-office sections load on demand too.
    fireEvent.click(nav.getByRole("link", { name: "Audit" }));
    await ui.findByRole("heading", { name: "Audit trail" });
    expect(window.location.hash).toBe("#audit");
  });

  it("a manager of a clinic with no service yet lands on the setup wizard", async () => {
    const noServices = http.get("*/v1/staff/services", () => HttpResponse.json({ services: [] }));
    const { ui } = renderApp();
    server.use(noServices);
    const nav = within(await ui.findByRole("navigation", { name: "Staff sections" }));
    await waitFor(() => expect(window.location.hash).toBe("#setup"));
    await waitFor(() =>
      expect(nav.getByRole("link", { name: "Setup" }).getAttribute("aria-current")).toBe("page"),
    );
  });

  it("a provider sees only the calendar and patients; a hash to another section shows the calendar", async () => {
    const { ui } = renderApp({ role: "provider", hash: "#audit" });
    const nav = within(await ui.findByRole("navigation", { name: "Staff sections" }));
    await waitFor(() =>
      expect(nav.getAllByRole("link").map((l) => l.textContent)).toEqual(["Calendar", "Patients"]),
    );
    await ui.findByRole("grid");
  });

  it("reloading on a patient's hash opens their card", async () => {
    const { ui } = renderApp({ hash: "#patients?clientId=cli_maria" });
    await ui.findByRole("heading", { name: "Maria Santos", level: 2 });
  });
});

describe("patients section", () => {
  it("finds a patient by phone as you type, pages, and opens the card with what the desk needs", async () => {
    const { ui, mock } = renderApp({ hash: "#patients" });
    const search = await ui.findByLabelText("Search by name, e-mail, phone or tax ID");
    fireEvent.input(search, { target: { value: "9" } });
    await ui.findByText("Type at least 2 characters.");
    fireEvent.input(search, { target: { value: "912 345" } });
    const results = within(await ui.findByRole("list", { name: "Patients found" }));
    expect(results.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Maria Santos+351 912 345 678 · maria@example.test · PT123456789",
      "Maria Santos912345678",
    ]);
    expect(ui.getByRole("status").textContent).toBe("2 found");
    // The search is the server's, typed text debounced into one request.
    const asked = mock.requests.filter((r) => r.path.endsWith("/client-search"));
    expect(asked.map((r) => new URLSearchParams(r.query).get("q"))).toEqual(["912 345"]);
    fireEvent.click(results.getAllByRole("button")[0] as HTMLElement);
    await ui.findByRole("heading", { name: "Maria Santos", level: 2 });
    expect(window.location.hash).toBe("#patients?clientId=cli_maria");
    const contact = within(ui.getByRole("region", { name: "Contact" }));
    expect(contact.getByRole("link", { name: "+351 912 345 678" }).getAttribute("href")).toBe(
      "tel:+351912345678",
    );
    expect(contact.getByText("PT123456789")).toBeTruthy();
    const visits = within(ui.getByRole("region", { name: "Visits" }));
    expect(visits.getByText("2").previousElementSibling?.textContent).toBe("No-shows");
    const money = within(ui.getByRole("region", { name: "Money" }));
    expect(money.getByText("Balance due").nextElementSibling?.textContent).toMatch(/45[.,]00/);
    const cases = within(ui.getByRole("region", { name: "Cases" }));
    expect(cases.getByText(/Payer: Médis/)).toBeTruthy();
    expect(cases.getByText(/Referral: Dr\. Sousa/)).toBeTruthy();
    const past = within(ui.getByRole("region", { name: "Past visits" }));
    expect((await past.findAllByRole("listitem")).map((li) => li.textContent)).toEqual([
      expect.stringMatching(/Physiotherapy session · Completed$/),
      expect.stringMatching(/Physiotherapy session · No-show$/),
    ]);
    const upcoming = within(ui.getByRole("region", { name: "Upcoming visits" }));
    expect(upcoming.getByText(/Booked$/)).toBeTruthy();
    expect(within(ui.getByRole("region", { name: "Packages" })).getByText(/3 left/)).toBeTruthy();
    await within(ui.getByRole("region", { name: "Invoices" })).findByText(/FT 2026\/1/);
    await within(ui.getByRole("region", { name: "Payments" })).findByText(/card/);
    // Private notes are read only when asked (each read is audited by the server).
    const notesBefore = mock.requests.filter((r) => r.path.endsWith("/notes")).length;
    expect(notesBefore).toBe(0);
    fireEvent.click(ui.getByRole("button", { name: "Show private notes (the read is recorded)" }));
    await within(ui.getByRole("region", { name: "Private notes" })).findAllByText("Left knee");
    // Checkout goes through navigate.
    fireEvent.click(ui.getByRole("link", { name: "Open checkout" }));
    await waitFor(() => expect(window.location.hash).toBe("#checkout?clientId=cli_maria"));
  });

  it("merges a duplicate into the patient after confirming, and says so", async () => {
    const { ui, mock } = renderApp({ hash: "#patients?clientId=cli_maria" });
    const dups = within(await ui.findByRole("region", { name: "Possible duplicates" }));
    fireEvent.click(
      await dups.findByRole("button", { name: "Merge Maria Santos into this patient" }),
    );
    const dialog = within(await ui.findByRole("alertdialog"));
    expect(
      dialog.getByText(/Their visits, cases, charges, invoices, payments and packages/),
    ).toBeTruthy();
    fireEvent.click(dialog.getByRole("button", { name: "Merge" }));
    await waitFor(() =>
      expect(
        ui
          .getAllByRole("status")
          .some((s: HTMLElement) => s.textContent === "Merged Maria Santos into this patient."),
      ).toBe(true),
    );
    const merges = mock.requests.filter((r) => r.path.endsWith("/merge"));
    expect(merges.map((r) => [r.path, r.body])).toEqual([
      ["/api/v1/staff/clients/cli_maria/merge", { duplicateId: "cli_maria2" }],
    ]);
    await waitFor(() =>
      expect(
        within(ui.getByRole("region", { name: "Possible duplicates" })).getByText(
          "No other patient has the same e-mail, phone or tax ID.",
        ),
      ).toBeTruthy(),
    );
  });

  it("speaks Portuguese: navigation, search and card, money in the clinic's format", async () => {
    const { ui } = renderApp({ locale: "pt", hash: "#patients?clientId=cli_maria" });
    const nav = within(await ui.findByRole("navigation", { name: "Secções da equipa" }));
    await waitFor(() =>
      expect(nav.getAllByRole("link").map((l) => l.textContent)).toEqual([
        "Agenda",
        "Pacientes",
        "Lista de espera",
        "Pagamentos",
        "Relatórios",
        "Auditoria",
        "Importar",
        "Configuração",
        "Contas da equipa",
      ]),
    );
    const money = within(await ui.findByRole("region", { name: "Pagamentos e saldo" }));
    expect(money.getByText("Saldo em dívida").nextElementSibling?.textContent).toMatch(/45,00\s?€/);
    expect(within(ui.getByRole("region", { name: "Consultas" })).getByText("Faltas")).toBeTruthy();
  });
});

describe("calendar in Spanish and Portuguese", () => {
  it("the toolbar, cells, statuses and the booking panel speak the screen's language", async () => {
    const { ui } = renderApp({ locale: "es-ES" });
    await ui.findByRole("button", { name: "Hoy" });
    expect(ui.getByRole("button", { name: "Buscar hora" })).toBeTruthy();
    await ui.findByRole("group", { name: "Mostrar citas por estado" });
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, en horario" }));
    const panel = within(await ui.findByRole("dialog", { name: "Nueva cita" }));
    expect(panel.getByLabelText("Servicio")).toBeTruthy();
    expect(panel.getByRole("button", { name: "Paciente nuevo" })).toBeTruthy();
  });

  it("a visit's status and actions in Portuguese", async () => {
    const { ui } = renderApp({ locale: "pt-PT" });
    await ui.findByRole("grid");
    fireEvent.click(
      await ui.findByRole("button", {
        name: (name: string) =>
          /^09:00–09:45 Maria Santos, .*, Marcada$/.test(
            name.replace(/\s+/g, " ").replace(/ ,/g, ",").trim(),
          ),
      }),
    );
    const visit = within(await ui.findByRole("dialog", { name: "Maria Santos" }));
    const actions = within(visit.getByRole("group", { name: "Mudar o estado" }));
    expect(actions.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Confirmar",
      "Faltou",
      "Cancelar consulta",
    ]);
  });
});

describe("desk booking in the calendar", () => {
  it("finds a returning patient by phone, shows balance and no-shows, books them by id in a case", async () => {
    const { ui, mock } = renderApp();
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, on shift" }));
    const panel = within(await ui.findByRole("dialog", { name: "New appointment" }));
    fireEvent.input(panel.getByLabelText("Find a patient (name, e-mail, phone or tax ID)"), {
      target: { value: "912345678" },
    });
    const choices = await panel.findAllByRole("button", { name: /^Choose: Maria Santos/ });
    fireEvent.click(choices[0] as HTMLElement);
    const glance = within(await panel.findByRole("list", { name: "Maria Santos" }));
    expect(glance.getByText(/^Balance due: .*45[.,]00/)).toBeTruthy();
    expect(glance.getByText("No-shows: 2")).toBeTruthy();
    fireEvent.change(panel.getByLabelText("Case"), { target: { value: "knee_cli_maria" } });
    fireEvent.submit(
      panel.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
    );
    fireEvent.click(await panel.findByRole("button", { name: "Override and book" }));
    await ui.findByRole("button", {
      name: (name: string) => /^11:00–11:45 Maria Santos/.test(name.replace(/\s+/g, " ").trim()),
    });
    const booked = mock.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith("/v1/staff/appointments"),
    );
    expect(booked.at(-1)?.body).toMatchObject({ clientId: "cli_maria", overrides: ["OVERLAP"] });
    expect(mock.requests.filter((r) => r.path.endsWith("/clients/intake"))).toEqual([]);
    expect(mock.requests.find((r) => r.path.endsWith("/case"))?.body).toEqual({
      caseId: "knee_cli_maria",
    });
  });

  it("a new patient whose phone exists is offered the existing patient instead of a second one", async () => {
    const { ui, mock } = renderApp();
    fireEvent.click(await ui.findByRole("gridcell", { name: "Bruno Costa 11:00, on shift" }));
    const panel = within(await ui.findByRole("dialog", { name: "New appointment" }));
    fireEvent.click(panel.getByRole("button", { name: "New patient" }));
    fireEvent.input(panel.getByLabelText("Name"), { target: { value: "Maria Santos" } });
    fireEvent.submit(
      panel.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
    );
    await panel.findByText("Give an e-mail or a phone for a new patient.");
    fireEvent.input(panel.getByLabelText("Phone"), { target: { value: "912 345 678" } });
    fireEvent.submit(
      panel.getByRole("button", { name: "Book" }).closest("form") as HTMLFormElement,
    );
    const offered = await panel.findAllByRole("button", { name: /^Choose: Maria Santos/ });
    expect(offered).toHaveLength(2);
    expect(mock.patients.filter((p) => p.name === "Maria Santos")).toHaveLength(2);
  });
});

describe("staff texts", () => {
  it("Portuguese and Spanish have every English key, none empty or left in English by mistake", () => {
    for (const texts of [pt, es]) {
      expect(Object.keys(texts).sort()).toEqual(Object.keys(en).sort());
      for (const value of Object.values(texts)) expect(value.trim()).not.toBe("");
    }
    expect(pt["section.patients"]).toBe("Pacientes");
    expect(es["book.submit"]).toBe("Reservar");
  });
});

describe("errors across bundles", () => {
  it("regression: a refusal from the shell's client is recognised in a section built as its own script (instanceof failed, soft warnings showed as 'Not possible')", () => {
    // Another bundle's copy of the class: same name and shape, another constructor.
    class StaffApiError extends Error {
      readonly code = "BOOKING_RULE_VIOLATED";
      readonly status = 422;
      readonly problem = { status: 422, code: "BOOKING_RULE_VIOLATED", violations: [] };
      constructor() {
        super("refused");
        this.name = "StaffApiError";
      }
    }
    const foreign = new StaffApiError();
    expect(foreign instanceof OwnStaffApiError).toBe(false);
    expect(OwnStaffApiError.is(foreign)).toBe(true);
    expect(OwnStaffApiError.is(new OwnStaffApiError({ status: 0, code: "NETWORK" }))).toBe(true);
    expect(OwnStaffApiError.is(new Error("StaffApiError"))).toBe(false);
  });
});
