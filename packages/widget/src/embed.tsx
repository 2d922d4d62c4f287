import { render } from "preact";
import type { WidgetOptions } from "./options.js";
import { applyStyles } from "./theme/styles.js";
import { Widget } from "./widget.js";

/** A mounted widget. */
export interface MountedWidget {
  /** The shadow root the widget renders into. */
  readonly shadowRoot: ShadowRoot;
  /**
   * Renders again with new options in place, keeping the patient's place (step, choices, held
   * time, typed details): use it for a new `locale` or new `messages`. Other changes (api,
   * service…) need a new `mount()`.
   */
  update(options: WidgetOptions): void;
  /** Removes the widget (and releases a held time). */
  unmount(): void;
}

const mounted = new WeakMap<Element, MountedWidget>();

/**
 * Mounts a booking widget into an element's shadow root (created when missing). Mounting again on
 * the same element replaces the previous widget.
 *
 * @example
 * import { mount } from "@bookwell/widget";
 * const widget = mount(document.querySelector("#booking")!, { api: "https://clinic.example/api", locale: "pt" });
 * // later: widget.unmount();
 */
export function mount(element: HTMLElement, options: WidgetOptions): MountedWidget {
  mounted.get(element)?.unmount();
  let root: ShadowRoot;
  try {
    root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  } catch (error) {
    throw new Error(
      `Bookwell: cannot attach a shadow root to <${element.localName}>; mount into a <div> or a custom element. (${error})`,
    );
  }
  applyStyles(root, options.nonce);
  const container = root.ownerDocument.createElement("div");
  container.className = "bw-root";
  root.appendChild(container);
  const draw = (next: WidgetOptions) => render(<Widget options={next} host={element} />, container);
  draw(options);
  const handle: MountedWidget = {
    shadowRoot: root,
    update: draw,
    unmount() {
      render(null, container);
      container.remove();
      if (mounted.get(element) === handle) mounted.delete(element);
    },
  };
  mounted.set(element, handle);
  return handle;
}

// Attribute name → option, for the script tag's data-* and the custom element's attributes.
const TEXT_OPTIONS = {
  api: "api",
  clinic: "clinic",
  service: "service",
  category: "category",
  provider: "provider",
  locale: "locale",
  "manage-token": "manageToken",
  nonce: "nonce",
} as const;
const ATTRIBUTES = [...Object.keys(TEXT_OPTIONS), "hold-warning-seconds", "heading-level"];

/**
 * Widget options from attribute-like values (`data-*` of the script tag or the custom element's
 * attributes); unknown and empty values are ignored.
 *
 * @example
 * optionsFromAttributes((name) => script.getAttribute(`data-${name}`));
 */
export function optionsFromAttributes(
  read: (name: string) => string | null | undefined,
): WidgetOptions {
  const options: WidgetOptions = { api: "" };
  for (const [attribute, option] of Object.entries(TEXT_OPTIONS)) {
    const value = read(attribute);
    if (value) options[option] = value;
  }
  const warn = Number(read("hold-warning-seconds") || Number.NaN);
  if (warn > 0) options.holdWarningSeconds = warn;
  const level = Number(read("heading-level"));
  if (level === 2 || level === 3 || level === 4 || level === 5) options.headingLevel = level;
  return options;
}

/** The `<bookwell-booking>` element's class (also exported for subclassing and tests). */
export interface BookwellElement extends HTMLElement {
  /** JavaScript-only options (payment, fetch, onEvent…), merged over the attributes. */
  options: Partial<WidgetOptions>;
}

/**
 * Registers the `<bookwell-booking>` custom element (or another tag name). Attributes: api,
 * clinic, service, category, provider, locale, manage-token, nonce, hold-warning-seconds,
 * heading-level; the `options` property takes JavaScript-only options. Safe to call twice.
 *
 * @example
 * import { defineBookwellElement } from "@bookwell/widget";
 * defineBookwellElement();
 * // <bookwell-booking api="https://clinic.example/api" locale="es"></bookwell-booking>
 */
export function defineBookwellElement(
  tagName = "bookwell-booking",
  defaults: Partial<WidgetOptions> = {},
): CustomElementConstructor | undefined {
  if (typeof customElements === "undefined") return undefined;
  const existing = customElements.get(tagName);
  if (existing) return existing;
  class Element extends HTMLElement implements BookwellElement {
    static observedAttributes = ATTRIBUTES;
    #options: Partial<WidgetOptions> = {};
    #widget: MountedWidget | null = null;

    get options(): Partial<WidgetOptions> {
      return this.#options;
    }
    set options(value: Partial<WidgetOptions>) {
      this.#options = value;
      if (this.isConnected) this.#mount();
    }
    connectedCallback() {
      this.#mount();
    }
    disconnectedCallback() {
      this.#widget?.unmount();
      this.#widget = null;
    }
    attributeChangedCallback(name: string, before: string | null, after: string | null) {
      // A new language keeps the patient's place; other attributes start a new widget.
      if (before !== after && this.#widget) {
        if (name === "locale") this.#widget.update(this.#read());
        else this.#mount();
      }
    }
    #read(): WidgetOptions {
      const fromAttributes = optionsFromAttributes((name) => this.getAttribute(name));
      const options = { ...defaults, ...fromAttributes, ...this.#options } as WidgetOptions;
      if (!fromAttributes.api && defaults.api) options.api = this.#options.api ?? defaults.api;
      return options;
    }
    #mount() {
      this.#widget = mount(this, this.#read());
    }
  }
  customElements.define(tagName, Element);
  return Element;
}

function whenReady(document: Document, run: () => void) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}

/**
 * Mounts the widget for a `<script src="…/bookwell.js" data-api="…">` tag: into `data-target`
 * (a CSS selector) when given, else into a new element right after the tag. Returns a promise of
 * the mounted widget (the target may only exist once the document has loaded).
 *
 * @example
 * autoMount(document.currentScript as HTMLScriptElement);
 */
export function autoMount(script: HTMLScriptElement): Promise<MountedWidget> {
  const document = script.ownerDocument;
  const options = optionsFromAttributes((name) => script.getAttribute(`data-${name}`));
  const selector = script.getAttribute("data-target");
  return new Promise((resolve, reject) => {
    const place = () => {
      try {
        let host: HTMLElement | null;
        if (selector) {
          host = document.querySelector<HTMLElement>(selector);
          if (!host) throw new Error(`Bookwell: data-target "${selector}" matches no element`);
        } else {
          host = document.createElement("div");
          host.setAttribute("data-bookwell-widget", "");
          const inHead = script.parentElement === document.head || !script.parentNode;
          if (inHead) document.body.appendChild(host);
          else script.after(host);
        }
        resolve(mount(host, options));
      } catch (error) {
        reject(error);
      }
    };
    const target = selector ? document.querySelector(selector) : null;
    const needsBody = !selector && (script.parentElement === document.head || !script.parentNode);
    if ((selector && !target) || needsBody) whenReady(document, place);
    else place();
  });
}
