// Component tests of the reports section (happy-dom + msw): the month's figures in Portuguese
// through Intl, the charts named with their figures and their data tables, the therapist filter
// and the month picker asking the server again, and the CSV download.

import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { monthIn, ReportsSection } from "../../../src/staff/sections/reports.js";
import { server, useMockServer } from "../../render.js";
import { backOffice, renderSection, unmountSections } from "./section-mocks.js";

useMockServer();
afterEach(unmountSections);

function open(params: Record<string, string>, locale: "en" | "pt" | "es" = "pt") {
  const office = backOffice();
  server.use(...office.handlers);
  const { root } = renderSection(ReportsSection, params, locale);
  return { office, ui: within(root) };
}

const reportRequests = (office: ReturnType<typeof backOffice>) =>
  office.seen.filter((s) => s.path === "/reports/monthly").map((s) => s.query.toString());

describe("reports section", () => {
  it("shows the month's figures, charts with names and data tables, in Portuguese", async () => {
    const { ui } = open({ month: "2026-03" });
    await ui.findByRole("heading", { name: "Números de março de 2026" });
    // Intl separates the amount and the currency with a no-break space.
    const kpi = (name: string) =>
      ui.getByText(name, { selector: "dt" }).nextElementSibling?.textContent?.replace(/\s/g, " ");
    expect(kpi("Sessões por paciente")).toBe("2,5");
    expect(kpi("Taxa de faltas")).toBe("16,7%");
    expect(kpi("Pacientes com NIF")).toBe("75%");
    expect(kpi("Receita por hora marcada")).toBe("40,00 €");
    expect(kpi("Receita")).toBe("360,00 €");
    expect(
      ui.getByRole("img", { name: "Pacientes novos e recorrentes: Novos 1, Recorrentes 3" }),
    ).toBeTruthy();
    expect(
      ui.getByRole("img", { name: /^Consultas por estado: Marcada 1, .*Faltou 2/ }),
    ).toBeTruthy();
    await waitFor(() =>
      expect(
        ui.getByRole("img", {
          name: (n) =>
            n.replace(/\s/g, " ") ===
            "Receita por terapeuta: Ana Silva 270,00 €, Bruno Costa 90,00 €",
        }),
      ).toBeTruthy(),
    );
    const table = ui.getByRole("table", { name: "Receita por terapeuta" });
    expect(within(table).getByRole("rowheader", { name: "Ana Silva" })).toBeTruthy();
  });

  it("asks again for one therapist and for another month", async () => {
    const { ui, office } = open({ month: "2026-03" });
    await ui.findByRole("heading", { name: "Números de março de 2026" });
    const therapist = ui.getByRole("combobox", { name: "Terapeuta" });
    await waitFor(() => expect(within(therapist).getAllByRole("option")).toHaveLength(3));
    fireEvent.change(therapist, { target: { value: "ana" } });
    await waitFor(() => expect(reportRequests(office)).toContain("month=2026-03&providerId=ana"));
    await waitFor(() =>
      expect(ui.queryByRole("img", { name: /^Receita por terapeuta/ })).toBeNull(),
    );
    fireEvent.change(ui.getByLabelText("Mês"), { target: { value: "2026-02" } });
    await ui.findByRole("heading", { name: "Números de fevereiro de 2026" });
    expect(reportRequests(office).at(-1)).toBe("month=2026-02&providerId=ana");
  });

  it("downloads the month's CSV through the authenticated client", async () => {
    const created = vi.spyOn(URL, "createObjectURL");
    const { ui, office } = open({ month: "2026-03" }, "en");
    const download = await ui.findByRole("button", {
      name: "Download the report of March 2026 as CSV",
    });
    fireEvent.click(download);
    await waitFor(() => expect(created).toHaveBeenCalled());
    const csv = office.seen.find((s) => s.path === "/reports/monthly.csv");
    expect(csv?.query.get("month")).toBe("2026-03");
    created.mockRestore();
  });

  it("the default month is the clinic's, not the browser's", () => {
    expect(monthIn(Date.parse("2026-03-31T23:30:00Z"), "Europe/Lisbon")).toBe("2026-04");
    expect(monthIn(Date.parse("2026-03-31T23:30:00Z"), "America/New_York")).toBe("2026-03");
  });
});
