// The waitlist offer page: an offered time whose cancellation fee applies from booking states the
// fee and is booked only once the patient ticks the consent (which is sent as `policyConsent`).

import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { PatientApi, WaitlistOffer } from "../src/patient/api.js";
import { PATIENT_TEXTS } from "../src/patient/texts.js";
import { WaitlistOfferApp } from "../src/waitlist/offer.js";

const offer: WaitlistOffer = {
  id: "off_1",
  status: "open",
  serviceId: "yoga",
  providerId: "carla",
  start: "2026-03-03T18:00:00Z",
  end: "2026-03-03T19:00:00Z",
  timeZone: "Europe/Lisbon",
  exclusive: true,
  expiresAt: "2026-03-02T08:30:00Z",
  terms: {
    freeUntil: "2026-03-01T18:00:00Z",
    lateFee: { amount: 750, currency: "EUR" },
    feeFromBooking: true,
  },
};

function fakeApi(withTerms: WaitlistOffer) {
  const consents: (boolean | undefined)[] = [];
  const api: Pick<PatientApi, "getOffer" | "confirmOffer"> = {
    getOffer: async () => withTerms,
    confirmOffer: async (_token, policyConsent) => {
      consents.push(policyConsent);
      return {
        booking: { start: withTerms.start, timeZone: withTerms.timeZone },
        manageToken: "tok",
      } as unknown as Awaited<ReturnType<PatientApi["confirmOffer"]>>;
    },
  };
  return { api, consents };
}

describe("waitlist offer page", () => {
  it("states the fee that applies from booking and books only with the consent ticked", async () => {
    const { api, consents } = fakeApi(offer);
    render(<WaitlistOfferApp api={api} texts={PATIENT_TEXTS.pt} locale="pt-PT" token="t" />);
    await screen.findByText(/cancelar custa 7,50\s€ a partir do momento em que marca/);
    fireEvent.click(screen.getByRole("button", { name: "Marcar esta hora" }));
    await screen.findByText("Aceito a taxa de cancelamento.", { selector: "p" });
    expect(consents).toEqual([]);
    fireEvent.click(screen.getByRole("checkbox", { name: "Aceito a taxa de cancelamento." }));
    fireEvent.click(screen.getByRole("button", { name: "Marcar esta hora" }));
    await waitFor(() => expect(consents).toEqual([true]));
    await screen.findByText(/^Marcado:/);
  });

  it("an offer with no fee at booking asks for nothing", async () => {
    const { terms: _t, ...plain } = offer;
    const { api, consents } = fakeApi(plain);
    render(<WaitlistOfferApp api={api} texts={PATIENT_TEXTS.en} locale="en" token="t" />);
    fireEvent.click(await screen.findByRole("button", { name: "Book this time" }));
    await waitFor(() => expect(consents).toEqual([false]));
    expect(screen.queryByRole("checkbox")).toBeNull();
  });
});
