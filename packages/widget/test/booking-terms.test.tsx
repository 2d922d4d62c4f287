// Issue 18: the cancellation policy before commitment. The time step states the service's policy,
// the details step the chosen time's deadline and fee as the server computed them (the hold's
// `terms`), asks for consent when a fee can apply, and the confirmation repeats the terms.

import { fireEvent, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { BookingTerms } from "../src/api/types.js";
import { type Rendered, renderWidget, server, useMockServer } from "./render.js";

useMockServer();

const eur = (amount: number) => ({ amount, currency: "EUR" });
const SAME_DAY: BookingTerms = {
  freeUntil: "2026-03-02T09:00:00Z",
  lateFee: eur(1750),
  feeFromBooking: true,
  consentRequired: true,
  onlineCancellation: "allowed",
  selfServiceUntil: "2026-03-03T09:00:00Z",
};
const AHEAD: BookingTerms = {
  ...SAME_DAY,
  freeUntil: "2026-03-02T09:00:00Z",
  feeFromBooking: false,
};

async function holdTuesdayNine(r: Rendered) {
  fireEvent.click(
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
  );
  fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
  await r.ui.findByRole("heading", { name: "Your details" });
  fireEvent.input(await r.ui.findByLabelText("Full name"), { target: { value: "Maria Santos" } });
  fireEvent.input(r.ui.getByLabelText("E-mail"), { target: { value: "maria@example.com" } });
}

describe("cancellation terms before commitment", () => {
  it("states the service's policy on the time step", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    expect(
      await r.ui.findByText(
        "Free cancellation up to 24 hours before the visit; after that, cancelling costs €22.50.",
      ),
    ).toBeTruthy();
  });

  it("warns that the fee applies from booking, requires consent, sends it, and repeats the terms on the confirmation", async () => {
    const bodies: Array<Record<string, unknown>> = [];
    server.events.on("request:start", async ({ request }) => {
      if (request.method === "POST" && request.url.endsWith("/v1/bookings")) {
        bodies.push(await request.clone().json());
      }
    });
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { terms: SAME_DAY } },
    );
    await holdTuesdayNine(r);
    const warning =
      "Cancelling this visit costs €17.50 from the moment it is booked: the free-cancellation window has already passed.";
    expect(r.ui.getByText(warning).closest(".bw-alert-warning")).toBeTruthy();
    const consent = r.ui.getByRole("checkbox", { name: "I accept the cancellation policy" });
    // The checkbox is described by the terms it accepts.
    expect(consent.getAttribute("aria-describedby")).toContain(r.ui.getByText(warning).id);

    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findAllByText(/Accept the cancellation policy to book\./)).toHaveLength(2);
    expect(consent.getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => expect(r.root.activeElement).toBe(consent));
    expect(bodies).toHaveLength(0);

    fireEvent.click(consent);
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    await r.ui.findByRole("heading", { name: "You're booked" });
    server.events.removeAllListeners();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ policyConsent: true });
    expect(r.ui.getByText(warning)).toBeTruthy();
  });

  it("maps the server's POLICY_CONSENT_REQUIRED onto the consent checkbox", async () => {
    // The hold promised a free window, but the server found the fee applies from booking (e.g.
    // the details took past the deadline): the answer names the field and the form asks for it.
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { terms: { ...SAME_DAY, consentRequired: false } } },
    );
    await holdTuesdayNine(r);
    expect(r.ui.queryByRole("checkbox", { name: "I accept the cancellation policy" })).toBeNull();
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findAllByText(/Accept the cancellation policy to book\./)).toHaveLength(1);
  });

  it("shows the deadline of a time booked ahead and books without a warning", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { terms: AHEAD } },
    );
    await holdTuesdayNine(r);
    const text =
      "Free cancellation until Monday 2 March, 09:00; after that, cancelling costs €17.50.";
    expect(r.ui.getByText(text).closest(".bw-alert")).toBeNull();
    fireEvent.click(r.ui.getByRole("checkbox", { name: "I accept the cancellation policy" }));
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    await r.ui.findByRole("heading", { name: "You're booked" });
    expect(r.ui.getByText(text)).toBeTruthy();
  });

  it("says it in Portuguese and Spanish", async () => {
    const pt = renderWidget(
      { locale: "pt", service: "svc-physio", provider: "p-ana" },
      { clinic: { terms: SAME_DAY } },
    );
    expect(
      await pt.ui.findByText(
        /^Cancelamento gratuito até 24 horas antes da consulta; depois, cancelar custa (€\s22,50|22,50\s€)\.$/,
      ),
    ).toBeTruthy();
    pt.widget.unmount();
    const es = renderWidget(
      { locale: "es", service: "svc-physio", provider: "p-ana" },
      { clinic: { terms: SAME_DAY } },
    );
    expect(
      await es.ui.findByText(
        /^Cancelación gratuita hasta 24 horas antes de la cita; después, cancelar cuesta (€\s22,50|22,50\s€)\.$/,
      ),
    ).toBeTruthy();
  });
});

describe("a full class is shown as full", () => {
  it("lists a full class's time disabled and marked Full in words, asking the server with includeFull", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { capacity: 12, remaining: { "2026-03-03T09:00:00+00:00": 0 } } },
    );
    const day = await r.ui.findByRole("button", {
      name: /^Tuesday 3 March, 7 times free(, selected)?$/,
    });
    fireEvent.click(day);
    const nine = await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March, Full" });
    expect(nine.textContent).toBe("09:00Full");
    expect(nine.getAttribute("aria-disabled")).toBe("true");
    expect(nine.classList.contains("bw-time-full")).toBe(true);
    fireEvent.click(nine);
    expect(r.clinic.holds.size).toBe(0);
    expect(r.clinic.log.some((line) => line.startsWith("POST /v1/holds"))).toBe(false);
    // The other times stay bookable.
    fireEvent.click(
      r.ui.getByRole("button", { name: "10:00 to 10:45, Tuesday 3 March, 12 places left" }),
    );
    await r.ui.findByRole("heading", { name: "Your details" });
  });

  it("says Full in Portuguese and Spanish", async () => {
    const clinic = { capacity: 12, remaining: { "2026-03-03T09:00:00+00:00": 0 } };
    const pt = renderWidget({ locale: "pt", service: "svc-physio", provider: "p-ana" }, { clinic });
    fireEvent.click(
      await pt.ui.findByRole("button", { name: /^terça-feira, 3 de março, 7 horários livres/ }),
    );
    expect(await pt.ui.findByRole("button", { name: /^09:00.*, Sem vagas$/ })).toBeTruthy();
    pt.widget.unmount();
    const es = renderWidget({ locale: "es", service: "svc-physio", provider: "p-ana" }, { clinic });
    fireEvent.click(
      await es.ui.findByRole("button", { name: /^martes, 3 de marzo, 7 horas libres/ }),
    );
    expect(await es.ui.findByRole("button", { name: /^09:00.*, Sin plazas$/ })).toBeTruthy();
  });

  it("never asks for full classes for a treatment", async () => {
    const urls: string[] = [];
    server.events.on("request:start", ({ request }) => {
      if (request.url.includes("/v1/slots")) urls.push(request.url);
    });
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    server.events.removeAllListeners();
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((url) => !url.includes("includeFull"))).toBe(true);
  });
});

describe("intake questions on the details step", () => {
  const intake = {
    questions: [
      {
        id: "pain",
        type: "text" as const,
        required: true,
        label: { en: "Where does it hurt?", pt: "Onde dói?", es: "¿Dónde le duele?" },
      },
      { id: "first", type: "yes_no" as const, required: false, label: { en: "First visit?" } },
      {
        id: "side",
        type: "choice" as const,
        required: false,
        label: { en: "Which side?" },
        options: [
          { id: "left", label: { en: "Left" } },
          { id: "right", label: { en: "Right" } },
        ],
      },
      { id: "since", type: "date" as const, required: false, label: { en: "Since when?" } },
    ],
    consents: [{ id: "privacy", label: { en: "I agree to the privacy notice" } }],
  };

  it("asks the questions, ties the missing ones to their fields, and sends the answers", async () => {
    const bodies: Array<Record<string, unknown>> = [];
    server.events.on("request:start", async ({ request }) => {
      if (request.method === "POST" && request.url.endsWith("/v1/bookings")) {
        bodies.push(await request.clone().json());
      }
    });
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" }, { clinic: { intake } });
    await holdTuesdayNine(r);
    const pain = r.ui.getByLabelText("Where does it hurt?");
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findAllByText(/Where does it hurt\?: Answer this question\./)).toHaveLength(
      2,
    );
    expect(r.ui.getAllByText(/I agree to the privacy notice: Tick this to book\./)).toHaveLength(2);
    expect(pain.getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => expect(r.root.activeElement).toBe(pain));
    expect(bodies).toHaveLength(0);

    fireEvent.input(pain, { target: { value: " lower back " } });
    fireEvent.click(r.ui.getByRole("radio", { name: "No" }));
    fireEvent.click(r.ui.getByRole("radio", { name: "Left" }));
    fireEvent.click(r.ui.getByRole("checkbox", { name: "I agree to the privacy notice" }));
    // The choice questions are groups named by their question.
    expect(r.ui.getByRole("group", { name: "Which side? (optional)" })).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    await r.ui.findByRole("heading", { name: "You're booked" });
    server.events.removeAllListeners();
    expect(bodies[0]?.intake).toEqual({
      answers: { pain: "lower back", first: false, side: "left" },
      consents: ["privacy"],
    });
  });

  it("labels the questions in the widget's language, English when the clinic gave none", async () => {
    const r = renderWidget(
      { locale: "pt", service: "svc-physio", provider: "p-ana" },
      { clinic: { intake } },
    );
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^terça-feira, 3 de março, 8 horários livres/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: /^09:00/ }));
    expect(await r.ui.findByLabelText("Onde dói?")).toBeTruthy();
    expect(r.ui.getByRole("group", { name: "First visit? (opcional)" })).toBeTruthy();
    expect(r.ui.getByRole("radio", { name: "Sim" })).toBeTruthy();
  });
});

describe("translated names", () => {
  it("asks the catalog in the widget's language and shows the clinic's translated names", async () => {
    const urls: string[] = [];
    server.events.on("request:start", ({ request }) => {
      if (request.url.includes("/v1/services")) urls.push(request.url);
    });
    const r = renderWidget(
      { locale: "pt" },
      { clinic: { names: { pt: { "svc-physio": "Sessão de fisioterapia" } } } },
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "Physiotherapy" }));
    expect(await r.ui.findByRole("button", { name: /^Sessão de fisioterapia/ })).toBeTruthy();
    server.events.removeAllListeners();
    expect(new URL(urls[0] ?? "").searchParams.get("locale")).toMatch(/^pt/);
  });
});

describe("people", () => {
  it("shows each therapist's photo and biography from the providers answer", async () => {
    const r = renderWidget(
      { service: "svc-physio" },
      {
        clinic: {
          profiles: {
            "p-ana": {
              photoUrl: "https://cdn.example/ana.jpg",
              bio: "Sports injuries and back pain.",
            },
          },
        },
      },
    );
    const ana = await r.ui.findByRole("button", {
      name: /^Ana Silva Sports injuries and back pain\.$/,
    });
    const photo = ana.querySelector("img");
    expect(photo?.getAttribute("src")).toBe("https://cdn.example/ana.jpg");
    // Decorative beside the name: the button is named by the name and the biography.
    expect(photo?.getAttribute("alt")).toBe("");
  });
});
