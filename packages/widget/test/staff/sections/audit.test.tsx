// Component tests of the audit section (happy-dom + msw): who did what when, filters by visit,
// patient, user and local dates sent as the server's query (the end day inclusive, days in the
// clinic's zone across a DST change), and paging with afterSeq.

import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { AuditSection, zonedDayStart } from "../../../src/staff/sections/audit.js";
import { server, useMockServer } from "../../render.js";
import { backOffice, renderSection, unmountSections } from "./section-mocks.js";

useMockServer();
afterEach(unmountSections);

function open(params: Record<string, string>) {
  const office = backOffice();
  server.use(...office.handlers);
  const { root } = renderSection(AuditSection, params, "en");
  return { office, ui: within(root) };
}

const auditQueries = (office: ReturnType<typeof backOffice>) =>
  office.seen.filter((s) => s.path === "/audit").map((s) => Object.fromEntries(s.query));

describe("audit section", () => {
  it("lists who did what when, and pages on with afterSeq", async () => {
    const { ui, office } = open({});
    const table = await ui.findByRole("table", { name: "Audit trail" });
    const rows = () => within(table).getAllByRole("row").slice(1);
    expect(rows()).toHaveLength(2);
    expect(rows()[1]?.textContent).toContain("invoice.issued");
    expect(rows()[1]?.textContent).toContain("9 Mar 2026, 10:00");
    fireEvent.click(ui.getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[2]?.textContent).toContain("api-key:key-ana");
    expect(ui.queryByRole("button", { name: "Show more" })).toBeNull();
    expect(auditQueries(office)).toEqual([{ limit: "50" }, { limit: "50", afterSeq: "2" }]);
  });

  it("sends the filters: visit, patient, user and local days in the clinic's zone", async () => {
    const { ui, office } = open({ visitId: "apt_1" });
    await ui.findByRole("table", { name: "Audit trail" });
    expect(auditQueries(office)[0]).toEqual({ limit: "50", appointmentId: "apt_1" });
    const patient = ui.getByRole("combobox", { name: "Patient" });
    await waitFor(() => expect(within(patient).getAllByRole("option")).toHaveLength(3));
    fireEvent.change(patient, { target: { value: "cli_1" } });
    fireEvent.input(ui.getByRole("combobox", { name: "User" }), {
      target: { value: "api-key:key-desk" },
    });
    fireEvent.input(ui.getByLabelText("From"), { target: { value: "2026-03-01" } });
    fireEvent.input(ui.getByLabelText("To (inclusive)"), { target: { value: "2026-03-31" } });
    fireEvent.click(ui.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(auditQueries(office)).toHaveLength(2));
    expect(auditQueries(office)[1]).toEqual({
      limit: "50",
      appointmentId: "apt_1",
      clientId: "cli_1",
      actor: "api-key:key-desk",
      from: "2026-03-01T00:00:00.000Z",
      // Lisbon is on summer time from 29 March: 1 April starts at 23:00 UTC the day before.
      to: "2026-03-31T23:00:00.000Z",
    });
    fireEvent.click(ui.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(auditQueries(office).at(-1)).toEqual({ limit: "50" }));
  });

  it("a local day starts at its zone's midnight", () => {
    expect(zonedDayStart("2026-07-01", "Europe/Lisbon")).toBe("2026-06-30T23:00:00.000Z");
    expect(zonedDayStart("2026-01-15", "America/Sao_Paulo")).toBe("2026-01-15T03:00:00.000Z");
  });
});
