// Mounts the patient page into an element (in a shadow root, so no CSS leaks in or out): from the
// script-tag embed as an on-demand chunk, or as a standalone page the server serves.

import { render } from "preact";
import { adoptStyles } from "../theme/adopt.js";
import { WaitlistJoinForm } from "../waitlist/join-form.js";
import { WaitlistOfferApp } from "../waitlist/offer.js";
import { createPatientApi } from "./api.js";
import { MyVisitsApp } from "./my-visits.js";
import { PATIENT_TEXTS, patientLanguage } from "./texts.js";

/** Options of {@link mountMyVisits}. */
export interface MyVisitsOptions {
  /** Base URL of the Bookwell API (`/v1/...` is appended). */
  api: string;
  clinic?: string | undefined;
  /** BCP 47 locale; default the page's language. */
  locale?: string | undefined;
  /** The sign-in token; default the page address's `?signin=` (dropped from it once used). */
  signInToken?: string | undefined;
  /** A waitlist offer token; default the page address's `?offer=` (shows the offer instead). */
  offerToken?: string | undefined;
  /**
   * Shows the waitlist join form for this service (and provider, default `any`) instead of the
   * patient page.
   */
  waitlist?: { serviceId: string; providerId?: string | undefined } | undefined;
  fetch?: typeof fetch | undefined;
  /** CSP nonce for the `<style>` fallback in browsers without constructable stylesheets. */
  nonce?: string | undefined;
}

/** A mounted patient page. */
export interface MountedMyVisits {
  unmount(): void;
}

const STYLES = `:host{display:block;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a}
button,input{font:inherit;min-height:44px;min-width:44px}
button{margin:4px;padding:8px 12px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;border-radius:4px;cursor:pointer}
label{display:block;margin-top:8px}
:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}
ul{padding-left:1.2em}`;

/**
 * Mounts the patient page ("My visits") into `element`.
 *
 * @example
 * mountMyVisits(document.querySelector("#visits")!, { api: "https://clinic.example/api", clinic: "lisbon" });
 */
export function mountMyVisits(element: HTMLElement, options: MyVisitsOptions): MountedMyVisits {
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  const host = document.createElement("div");
  root.replaceChildren(host);
  adoptStyles(root, STYLES, { nonce: options.nonce, first: true });
  const url = new URL(window.location.href);
  const signInToken = options.signInToken ?? url.searchParams.get("signin") ?? undefined;
  const locale = options.locale ?? document.documentElement.lang ?? "en";
  const api = createPatientApi({
    api: options.api,
    ...(options.clinic ? { clinic: options.clinic } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const dropToken = () => {
    if (!url.searchParams.has("signin")) return;
    url.searchParams.delete("signin");
    history.replaceState(history.state, "", url.toString());
  };
  const texts = PATIENT_TEXTS[patientLanguage(locale)];
  const offerToken = options.offerToken ?? url.searchParams.get("offer") ?? undefined;
  if (offerToken) {
    render(
      <WaitlistOfferApp api={api} texts={texts} locale={locale || "en"} token={offerToken} />,
      host,
    );
    return { unmount: () => render(null, host) };
  }
  if (options.waitlist) {
    render(
      <WaitlistJoinForm
        api={api}
        texts={texts}
        serviceId={options.waitlist.serviceId}
        providerId={options.waitlist.providerId ?? "any"}
        headingLevel={2}
        locale={locale || "en"}
      />,
      host,
    );
    return { unmount: () => render(null, host) };
  }
  render(
    <MyVisitsApp
      api={api}
      texts={texts}
      locale={locale || "en"}
      signInToken={signInToken}
      onSignedIn={dropToken}
    />,
    host,
  );
  return { unmount: () => render(null, host) };
}
