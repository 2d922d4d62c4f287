import { fireEvent, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { API, NOW, scenario } from "../mocks/handlers.js";
import { autoMount, defineBookwellElement, mount, optionsFromAttributes } from "../src/embed.js";
import { server, useMockServer } from "./render.js";

useMockServer();

function queries(root: ShadowRoot) {
  return within(root.querySelector<HTMLElement>(".bw-root") as HTMLElement);
}

describe("mount()", () => {
  it("renders into an open shadow root with its own styles, and nothing in the page", async () => {
    server.use(...scenario().handlers);
    const host = document.createElement("div");
    document.body.appendChild(host);
    const widget = mount(host, { api: API, locale: "en", now: () => NOW });
    expect(host.shadowRoot).toBe(widget.shadowRoot);
    expect(widget.shadowRoot.mode).toBe("open");
    const sheets = widget.shadowRoot.adoptedStyleSheets;
    const inline = widget.shadowRoot.querySelector("style");
    expect(sheets.length > 0 || inline !== null).toBe(true);
    expect(document.head.querySelector("style")).toBeNull();
    expect(document.adoptedStyleSheets ?? []).toHaveLength(0);
    expect(
      await queries(widget.shadowRoot).findByRole("button", { name: "Physiotherapy" }),
    ).toBeTruthy();
    widget.unmount();
    expect(widget.shadowRoot.querySelector(".bw-root")).toBeNull();
  });

  it("keeps two widgets on one page independent", async () => {
    server.use(...scenario().handlers);
    const a = document.createElement("div");
    const b = document.createElement("div");
    document.body.append(a, b);
    const first = mount(a, {
      api: API,
      locale: "en",
      service: "svc-physio",
      provider: "p-ana",
      now: () => NOW,
    });
    const second = mount(b, { api: API, locale: "pt", category: "Physiotherapy", now: () => NOW });
    const one = queries(first.shadowRoot);
    const two = queries(second.shadowRoot);
    fireEvent.click(
      await one.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    expect(await one.findByRole("heading", { name: "Times on Tuesday 3 March" })).toBeTruthy();
    expect(await two.findByRole("heading", { name: "Escolha um serviço" })).toBeTruthy();
    expect(two.queryByRole("heading", { name: /Horários de/ })).toBeNull();
    const ids = (root: ShadowRoot) => [...root.querySelectorAll("[id]")].map((el) => el.id);
    expect(ids(first.shadowRoot).filter((id) => ids(second.shadowRoot).includes(id))).toEqual([]);
    expect(first.shadowRoot.querySelector('[role="status"]')).not.toBe(
      second.shadowRoot.querySelector('[role="status"]'),
    );
    first.unmount();
    second.unmount();
  });

  it("replaces the previous widget when mounted twice on one element", async () => {
    server.use(...scenario().handlers);
    const host = document.createElement("div");
    document.body.appendChild(host);
    mount(host, { api: API, locale: "en", now: () => NOW });
    const again = mount(host, { api: API, locale: "es", now: () => NOW });
    expect(again.shadowRoot.querySelectorAll(".bw-root")).toHaveLength(1);
    expect(
      await queries(again.shadowRoot).findByRole("heading", { name: /Pedir una cita/ }),
    ).toBeTruthy();
    again.unmount();
  });

  it("releases a held time when unmounted", async () => {
    const { handlers, clinic } = scenario();
    server.use(...handlers);
    const host = document.createElement("div");
    document.body.appendChild(host);
    const widget = mount(host, {
      api: API,
      locale: "en",
      service: "svc-physio",
      provider: "p-ana",
      now: () => NOW,
    });
    const ui = queries(widget.shadowRoot);
    fireEvent.click(
      await ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    await ui.findByRole("heading", { name: "Your details" });
    expect(clinic.holds.size).toBe(1);
    widget.unmount();
    await waitFor(() => expect(clinic.holds.size).toBe(0));
  });

  it("releases a held time when the patient leaves the page (pagehide), with a DELETE that outlives it", async () => {
    const { handlers, clinic } = scenario();
    server.use(...handlers);
    const host = document.createElement("div");
    document.body.appendChild(host);
    const sent: { method: string; url: string; keepalive: boolean }[] = [];
    const widget = mount(host, {
      api: API,
      locale: "en",
      service: "svc-physio",
      provider: "p-ana",
      now: () => NOW,
      fetch: (input, init) => {
        sent.push({
          method: init?.method ?? "GET",
          url: String(input),
          keepalive: !!init?.keepalive,
        });
        return fetch(input, init);
      },
    });
    const ui = queries(widget.shadowRoot);
    fireEvent.click(
      await ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    await ui.findByRole("heading", { name: "Your details" });
    expect(clinic.holds.size).toBe(1);
    window.dispatchEvent(new Event("pagehide"));
    await waitFor(() => expect(clinic.holds.size).toBe(0));
    const released = sent.filter((r) => r.method === "DELETE");
    expect(released).toHaveLength(1);
    expect(released[0]?.keepalive).toBe(true);
    expect(sent.filter((r) => r.method !== "DELETE").every((r) => !r.keepalive)).toBe(true);
    // Without its hold the details step is gone: back to the times (the page may be shown again).
    expect(await ui.findByRole("heading", { name: "Choose a day and time" })).toBeTruthy();
    widget.unmount();
    // Unmounting after that releases nothing more, and a later pagehide does nothing.
    window.dispatchEvent(new Event("pagehide"));
    expect(sent.filter((r) => r.method === "DELETE")).toHaveLength(1);
  });

  it("explains a missing API address instead of failing silently", async () => {
    const host = document.createElement("div");
    document.body.appendChild(host);
    const widget = mount(host, { api: "" });
    expect((await queries(widget.shadowRoot).findByRole("alert")).textContent).toContain(
      "data-api",
    );
    widget.unmount();
  });

  it("throws a clear error for elements that cannot host a shadow root", () => {
    // Browsers refuse shadow roots on <input>, <img>…; happy-dom does not, so refuse by hand.
    const input = document.createElement("input");
    input.attachShadow = () => {
      throw new DOMException("Operation is not supported", "NotSupportedError");
    };
    expect(() => mount(input, { api: API })).toThrow(/cannot attach a shadow root to <input>/);
  });
});

describe("optionsFromAttributes()", () => {
  it("reads the documented attributes and ignores empty or invalid ones", () => {
    const attributes: Record<string, string> = {
      api: "https://clinic.example/api",
      clinic: "lisbon",
      service: "svc-physio",
      provider: "any",
      locale: "pt",
      "manage-token": "",
      "hold-warning-seconds": "45",
      "heading-level": "9",
    };
    expect(optionsFromAttributes((name) => attributes[name])).toEqual({
      api: "https://clinic.example/api",
      clinic: "lisbon",
      service: "svc-physio",
      provider: "any",
      locale: "pt",
      holdWarningSeconds: 45,
    });
  });
});

describe("<bookwell-booking>", () => {
  it("mounts from attributes, takes JavaScript options and unmounts when removed", async () => {
    const { handlers, clinic } = scenario();
    server.use(...handlers);
    defineBookwellElement();
    expect(defineBookwellElement()).toBe(customElements.get("bookwell-booking"));
    const element = document.createElement("bookwell-booking") as HTMLElement & {
      options: Record<string, unknown>;
    };
    element.setAttribute("api", API);
    element.setAttribute("locale", "es");
    element.setAttribute("category", "Physiotherapy");
    element.options = { now: () => NOW };
    document.body.appendChild(element);
    const root = element.shadowRoot as ShadowRoot;
    expect(await queries(root).findByRole("heading", { name: "Elija un servicio" })).toBeTruthy();
    element.setAttribute("locale", "en");
    expect(
      await queries(element.shadowRoot as ShadowRoot).findByRole("heading", {
        name: "Choose a service",
      }),
    ).toBeTruthy();
    element.remove();
    expect(root.querySelector(".bw-root")).toBeNull();
    expect(clinic.log).toContain("GET /v1/services");
  });
});

describe("language without a locale option", () => {
  it("follows the page's lang attribute around the widget, before the clinic's language", async () => {
    const { handlers } = scenario({ clinic: { locale: "pt-PT" } });
    server.use(...handlers);
    const section = document.createElement("section");
    section.lang = "es";
    const host = document.createElement("div");
    section.appendChild(host);
    document.body.appendChild(section);
    const widget = mount(host, { api: API, now: () => NOW });
    const ui = queries(widget.shadowRoot);
    expect(await ui.findByRole("heading", { name: /^Pedir una cita/ })).toBeTruthy();
    expect(widget.shadowRoot.querySelector("section.bw")?.getAttribute("lang")).toBe("es");
    widget.unmount();
    section.remove();
  });

  it("skips a page language it has no texts for and uses the clinic's", async () => {
    const { handlers } = scenario({ clinic: { locale: "pt-PT" } });
    server.use(...handlers);
    const host = document.createElement("div");
    host.lang = "fr";
    document.body.appendChild(host);
    const widget = mount(host, { api: API, now: () => NOW });
    const ui = queries(widget.shadowRoot);
    expect(await ui.findByRole("heading", { name: /^Marcar uma consulta/ })).toBeTruthy();
    expect(widget.shadowRoot.querySelector("section.bw")?.getAttribute("lang")).toBe("pt-PT");
    widget.unmount();
    host.remove();
  });
});

describe("language switch", () => {
  it("keeps the patient's place, choices and held time when the element's locale changes mid-booking", async () => {
    const { handlers, clinic } = scenario();
    server.use(...handlers);
    defineBookwellElement();
    const element = document.createElement("bookwell-booking") as HTMLElement & {
      options: Record<string, unknown>;
    };
    element.setAttribute("api", API);
    element.setAttribute("locale", "en");
    element.setAttribute("service", "svc-physio");
    element.setAttribute("provider", "p-ana");
    element.options = { now: () => NOW };
    document.body.appendChild(element);
    const ui = queries(element.shadowRoot as ShadowRoot);
    fireEvent.click(
      await ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    await ui.findByRole("heading", { name: "Your details" });
    fireEvent.input(ui.getByLabelText("Full name"), { target: { value: "Maria Santos" } });

    element.setAttribute("locale", "pt");
    expect(await ui.findByRole("heading", { name: "Os seus dados" })).toBeTruthy();
    expect((ui.getByLabelText("Nome completo") as HTMLInputElement).value).toBe("Maria Santos");
    expect(ui.getAllByText(/terça-feira, 3 de março/).length).toBeGreaterThan(0);
    // The same hold is kept: nothing was released or held again.
    expect(clinic.holds.size).toBe(1);
    expect(clinic.log.filter((line) => line.startsWith("DELETE /v1/holds"))).toEqual([]);
    element.remove();
  });
});

describe("script tag", () => {
  it("mounts right after its <script data-api> tag", async () => {
    server.use(...scenario().handlers);
    const script = document.createElement("script");
    script.setAttribute("data-api", API);
    script.setAttribute("data-locale", "pt");
    script.setAttribute("data-service", "svc-massage");
    const main = document.createElement("main");
    main.appendChild(script);
    document.body.appendChild(main);
    const widget = await autoMount(script);
    expect(script.nextElementSibling?.shadowRoot).toBe(widget.shadowRoot);
    expect(
      await queries(widget.shadowRoot).findByRole("heading", { name: "Escolha um terapeuta" }),
    ).toBeTruthy();
    widget.unmount();
  });

  it("mounts into data-target when given", async () => {
    server.use(...scenario().handlers);
    const target = document.createElement("section");
    target.id = "booking";
    document.body.appendChild(target);
    const script = document.createElement("script");
    script.setAttribute("data-api", API);
    script.setAttribute("data-target", "#booking");
    document.body.appendChild(script);
    const widget = await autoMount(script);
    expect(target.shadowRoot).toBe(widget.shadowRoot);
    widget.unmount();
  });

  it("rejects with a clear message when data-target matches nothing", async () => {
    const script = document.createElement("script");
    script.setAttribute("data-api", API);
    script.setAttribute("data-target", "#missing");
    document.body.appendChild(script);
    await expect(autoMount(script)).rejects.toThrow('data-target "#missing" matches no element');
  });
});
