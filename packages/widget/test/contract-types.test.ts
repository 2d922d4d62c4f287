// The widget declares the public API's types itself (so it never bundles server code); this test
// checks at compile time (tsc runs over tests) that every response the server's zod schemas allow
// fits the widget's types. It imports types only from @bookwell/server-adapter.
import type * as Server from "@bookwell/server-adapter";
import { describe, expect, expectTypeOf, it } from "vitest";
import type * as Widget from "../src/api/types.js";

describe("public API types", () => {
  it("accept every response shape the server declares", () => {
    expectTypeOf<Server.ClinicResponse>().toExtend<Widget.ClinicResponse>();
    expectTypeOf<Server.ServicesResponse>().toExtend<Widget.ServicesResponse>();
    expectTypeOf<Server.ProvidersResponse>().toExtend<Widget.ProvidersResponse>();
    expectTypeOf<Server.SlotsResponse>().toExtend<Widget.SlotsResponse>();
    expectTypeOf<Server.HoldResponse>().toExtend<Widget.HoldResponse>();
    expectTypeOf<Server.BookingCreatedResponse>().toExtend<Widget.CreateBookingResponse>();
    expectTypeOf<Server.ManageResponse>().toExtend<Widget.ManageResponse>();
    expectTypeOf<Server.CancelResponse>().toExtend<Widget.CancelResponse>();
    expectTypeOf<Server.PublicPolicy>().toExtend<Widget.ManagePolicy>();
    // And the problem codes a patient may meet are ones the server can send.
    expectTypeOf<
      Extract<Widget.ProblemCode, "SLOT_TAKEN" | "HOLD_EXPIRED" | "VALIDATION_FAILED">
    >().toExtend<Server.ProblemCode>();
    const codes: readonly string[] = [
      "SLOT_TAKEN",
      "HOLD_EXPIRED",
      "VALIDATION_FAILED",
      "NOT_FOUND",
    ];
    expect(codes.every((code) => code === code.toUpperCase())).toBe(true);
  });
});
