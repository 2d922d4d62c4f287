import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AppointmentStatus, appointmentStatusSchema } from "../model.js";
import {
  APPOINTMENT_ACTIONS,
  type AppointmentAction,
  allowedActions,
  nextStatus,
} from "./table.js";
import { context, visit } from "./test-fixtures.js";
import { transition } from "./transition.js";

const DOC = new URL("../../../../docs/status-machine.md", import.meta.url);

/** Parses the table between the status-table markers: row status → action → target or null. */
function parseDocTable(markdown: string): Map<string, Map<string, string | null>> {
  const start = markdown.indexOf("<!-- status-table:start -->");
  const end = markdown.indexOf("<!-- status-table:end -->");
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const rows = markdown
    .slice(start, end)
    .split("\n")
    .filter((line) => line.trim().startsWith("|"))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((cell) => cell.trim().replaceAll("`", "")),
    );
  const [header, divider, ...body] = rows;
  expect(divider?.every((c) => /^-+$/.test(c))).toBe(true);
  const actions = (header ?? []).slice(1);
  const table = new Map<string, Map<string, string | null>>();
  for (const [status, ...cells] of body) {
    const row = new Map<string, string | null>();
    cells.forEach((cell, i) => {
      row.set(actions[i] as string, cell === "—" ? null : cell);
    });
    table.set(status as string, row);
  }
  return table;
}

const table = parseDocTable(readFileSync(DOC, "utf8"));
const statuses = appointmentStatusSchema.options;

describe("docs/status-machine.md table", () => {
  it("has one row per status and one column per action, nothing else", () => {
    expect([...table.keys()].sort()).toEqual([...statuses].sort());
    for (const row of table.values()) expect([...row.keys()]).toEqual([...APPOINTMENT_ACTIONS]);
  });

  const pairs = statuses.flatMap((s) => APPOINTMENT_ACTIONS.map((a) => [s, a] as const));
  it.each(pairs)(
    "%s × %s behaves as the table says",
    (from: AppointmentStatus, action: AppointmentAction) => {
      const expected = table.get(from)?.get(action) ?? null;
      expect(nextStatus(from, action)).toBe(expected);
      const result = transition(
        visit(from),
        action,
        context({ actor: { id: "m1", role: "manager" } }),
      );
      if (expected === null) {
        expect(result).toEqual({
          ok: false,
          error: expect.objectContaining({ code: "ILLEGAL_TRANSITION", from, action }),
        });
        return;
      }
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.appointment.status).toBe(expected);
      expect(result.events[0]).toMatchObject({
        type: "audit",
        from,
        to: expected,
        action,
        appointmentId: "a1",
      });
      if (action === "move") expect(result.created?.status).toBe("booked");
    },
  );

  it("lists allowed actions per status from the same table", () => {
    for (const s of statuses) {
      const fromDoc = APPOINTMENT_ACTIONS.filter((a) => table.get(s)?.get(a) !== null);
      expect(allowedActions(s)).toEqual(fromDoc);
    }
  });

  it("keeps canceled and rebooked final and every other status able to roll back except booked", () => {
    expect(allowedActions("canceled")).toEqual([]);
    expect(allowedActions("rebooked")).toEqual([]);
    for (const s of statuses.filter((x) => !["booked", "canceled", "rebooked"].includes(x))) {
      expect(nextStatus(s, "rollback")).not.toBeNull();
    }
  });
});
