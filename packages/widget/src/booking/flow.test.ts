import { describe, expect, it } from "vitest";
import type { Slot } from "../api/types.js";
import { cleanPhone, stepsFor, validateDetails } from "./flow.js";
import { nearestSlots, slotsByDay } from "./slots.js";

const base = {
  presetService: false,
  presetCategory: false,
  presetProvider: false,
  categories: 2,
  services: 3,
  providers: 2,
  payment: false,
};

describe("stepsFor", () => {
  it("goes through every step when nothing is preset", () => {
    expect(stepsFor(base)).toEqual(["category", "service", "provider", "time", "details", "done"]);
  });

  it("skips steps with one possible answer and adds payment when needed", () => {
    expect(stepsFor({ ...base, categories: 1 })[0]).toBe("service");
    expect(stepsFor({ ...base, presetService: true, providers: 1 })).toEqual([
      "time",
      "details",
      "done",
    ]);
    expect(
      stepsFor({ ...base, presetCategory: true, presetProvider: true, payment: true }),
    ).toEqual(["service", "time", "details", "payment", "done"]);
  });

  it("skips the service step when the category (or the catalog) offers one service", () => {
    expect(stepsFor({ ...base, services: 1 })).toEqual([
      "category",
      "provider",
      "time",
      "details",
      "done",
    ]);
    expect(stepsFor({ ...base, categories: 1, services: 1, providers: 1 })).toEqual([
      "time",
      "details",
      "done",
    ]);
  });
});

describe("validateDetails", () => {
  it("requires a name and a valid e-mail; the phone is optional but checked", () => {
    expect(validateDetails({ name: " ", email: "", phone: "", notes: "" })).toEqual({
      name: "nameRequired",
      email: "emailRequired",
    });
    expect(validateDetails({ name: "Ana", email: "ana@", phone: "abc", notes: "" })).toEqual({
      email: "emailInvalid",
      phone: "phoneInvalid",
    });
    expect(
      validateDetails({
        name: "Ana",
        email: "ana@example.pt",
        phone: "+351 (21) 000-0000",
        notes: "x",
      }),
    ).toEqual({});
  });

  it("refuses the e-mail addresses the server refuses (accents, double dots, one-letter ending)", () => {
    for (const email of [
      "joão@exemplo.pt",
      "ana@clínica.pt",
      "ana..s@x.pt",
      "ana.@x.pt",
      "a@b.c",
    ]) {
      expect(validateDetails({ name: "Ana", email, phone: "", notes: "" })).toEqual({
        email: "emailInvalid",
      });
    }
    expect(
      validateDetails({ name: "Ana", email: "o'neil+bw@mail.clinica.pt", phone: "", notes: "" }),
    ).toEqual({});
  });

  it("takes a phone pasted with no-break spaces or tabs, sent as plain spaces", () => {
    const phone = "+351\u00a0912\u00a0345\t678";
    expect(validateDetails({ name: "Ana", email: "ana@x.pt", phone, notes: "" })).toEqual({});
    expect(cleanPhone(` ${phone} `)).toBe("+351 912 345 678");
  });
});

describe("slots helpers", () => {
  const slot = (start: string): Slot => ({ start, end: start, providerId: "p", resourceIds: [] });
  it("groups by the clinic's local day", () => {
    const days = slotsByDay(
      [slot("2026-03-09T22:30:00Z"), slot("2026-03-09T23:30:00Z")],
      "Europe/Madrid",
    );
    expect([...days.keys()]).toEqual(["2026-03-09", "2026-03-10"]);
  });

  it("orders alternatives by distance from the wanted time, excluding it", () => {
    const all = ["08:00", "09:00", "10:00", "13:00", "09:30"].map((t) =>
      slot(`2026-03-03T${t}:00Z`),
    );
    expect(nearestSlots(all, "2026-03-03T09:00:00Z", 3).map((s) => s.start.slice(11, 16))).toEqual([
      "09:30",
      "08:00",
      "10:00",
    ]);
  });
});
