// Stripe's Payment Element for the payment step of a widget without `options.payment` (the script
// tag): loaded only when the server's intent answer has `cardForm` (decision 0022). Stripe.js comes
// from Stripe (it is never bundled) once per page; its frames cannot live in a shadow root, so the
// element is mounted in a light-DOM child of the widget's host, shown in place through a named
// `<slot>`. Only the parts of Stripe.js used here are declared.
import type { PaymentRequest } from "../options.js";

/** Where Stripe.js is served from (the page's CSP must allow it, docs/widget/embedding.md). */
export const STRIPE_JS_URL = "https://js.stripe.com/v3/";

/** A Stripe.js error, as `confirmPayment` answers it. */
export interface StripeJsError {
  type?: string;
  code?: string;
  message?: string;
}

interface StripeElement {
  mount(target: HTMLElement): void;
  destroy(): void;
}

interface StripeJs {
  elements(options: { clientSecret: string; locale?: string; appearance?: StripeAppearance }): {
    create(type: "payment"): StripeElement;
  };
  confirmPayment(options: {
    elements: unknown;
    redirect: "if_required";
  }): Promise<{ error?: StripeJsError; paymentIntent?: { status: string } }>;
}

type StripeFactory = (publishableKey: string) => StripeJs;

let loading: Promise<StripeFactory> | undefined;

// The CSP nonce of the script running this file: in the script tag's payment chunk, the one
// bookwell.js passed on to its chunks. Stripe.js carries it, so a page whose CSP allows scripts by
// nonce alone loads it as it loads the widget's own files.
const loaderNonce =
  typeof document === "undefined"
    ? ""
    : ((document.currentScript as HTMLScriptElement | null)?.nonce ?? "");

/**
 * Loads Stripe.js from {@link STRIPE_JS_URL} once per page (a page that already has it reuses it),
 * with the CSP nonce the widget's own scripts carry; a failed load is tried again next time.
 *
 * @example
 * const Stripe = await loadStripeJs();
 */
export function loadStripeJs(nonce = loaderNonce): Promise<StripeFactory> {
  const ready = () => (globalThis as { Stripe?: StripeFactory }).Stripe;
  const existing = ready();
  if (existing) return Promise.resolve(existing);
  loading ??= new Promise<StripeFactory>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = STRIPE_JS_URL;
    script.async = true;
    if (nonce) script.nonce = nonce;
    const fail = () => {
      loading = undefined;
      script.remove();
      reject(new Error("Stripe.js did not load"));
    };
    script.onload = () => {
      const Stripe = ready();
      if (Stripe) resolve(Stripe);
      else fail();
    };
    script.onerror = fail;
    document.head.append(script);
  });
  return loading;
}

let slots = 0;

/**
 * A place for a third-party form that must be in the light DOM: inside a shadow root, a child of
 * the host with a `slot` name, shown where `container` is through a `<slot>`; else `container`.
 *
 * @example
 * const place = lightDomPlace(request.container);
 * element.mount(place.target);
 * place.remove();
 */
export function lightDomPlace(container: HTMLElement): { target: HTMLElement; remove(): void } {
  const root = container.getRootNode();
  if (!(root instanceof ShadowRoot)) {
    return { target: container, remove: () => container.replaceChildren() };
  }
  slots += 1;
  const name = `bw-card-form-${slots}`;
  const slot = document.createElement("slot");
  slot.name = name;
  container.append(slot);
  const target = document.createElement("div");
  target.slot = name;
  target.className = "bw-card-form";
  root.host.append(target);
  return {
    target,
    remove() {
      slot.remove();
      target.remove();
    },
  };
}

/** Stripe's `appearance` option: its base theme and the variables taken from the widget's. */
export interface StripeAppearance {
  theme: "stripe";
  variables: Partial<
    Record<
      | "colorPrimary"
      | "colorBackground"
      | "colorText"
      | "colorDanger"
      | "fontFamily"
      | "fontSizeBase"
      | "borderRadius",
      string
    >
  >;
}

/**
 * Stripe's `appearance` for a Payment Element shown where `container` is: the widget's theme as
 * resolved there from its `--bookwell-*` custom properties (accent, background, text and danger
 * colours, font, font size, corner radius), as concrete values, since Stripe's frames cannot
 * read the page's CSS. A value the page left empty keeps Stripe's own.
 *
 * @example
 * stripe.elements({ clientSecret, appearance: stripeAppearance(request.container) });
 * // { theme: "stripe", variables: { colorPrimary: "#0b5cad", borderRadius: "8px", … } }
 */
export function stripeAppearance(container: Element): StripeAppearance {
  const style = getComputedStyle(container);
  // The widget's own short names for its theme (theme/styles.ts, read once on :host).
  const own = (name: string) => style.getPropertyValue(name).trim();
  const variables: StripeAppearance["variables"] = {
    colorPrimary: own("--p"),
    colorBackground: own("--bg"),
    colorText: style.color,
    colorDanger: own("--d"),
    fontFamily: style.fontFamily,
    fontSizeBase: style.fontSize,
    borderRadius: own("--r"),
  };
  for (const [name, value] of Object.entries(variables)) {
    if (!value) delete variables[name as keyof typeof variables];
  }
  return { theme: "stripe", variables };
}

/** A mounted Payment Element. */
export interface StripeCardForm {
  /** `stripe.confirmPayment({ elements, redirect: "if_required" })`; the error when it failed. */
  confirm(): Promise<StripeJsError | null>;
  destroy(): void;
}

/**
 * Loads Stripe.js and mounts the Payment Element for the intent's client secret, in the widget's
 * language and theme ({@link stripeAppearance}), in a light-DOM place next to the step's container.
 *
 * @example
 * const form = await mountStripeCardForm("pk_test_…", intent.clientSecret, request);
 * const error = await form.confirm();
 */
export async function mountStripeCardForm(
  publishableKey: string,
  clientSecret: string,
  request: Pick<PaymentRequest, "container" | "locale">,
): Promise<StripeCardForm> {
  const stripe = (await loadStripeJs())(publishableKey);
  const elements = stripe.elements({
    clientSecret,
    locale: request.locale,
    appearance: stripeAppearance(request.container),
  });
  const element = elements.create("payment");
  const place = lightDomPlace(request.container);
  try {
    element.mount(place.target);
  } catch (error) {
    place.remove();
    throw error;
  }
  return {
    async confirm() {
      const { error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
      return error ?? null;
    },
    destroy() {
      element.destroy();
      place.remove();
    },
  };
}
