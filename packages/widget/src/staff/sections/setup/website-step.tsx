// Step 7: the website — the embed snippet (script tag, custom element, ES module) with a copy
// button each, and a live preview of the real widget in the clinic's colour and language, talking
// to the same API. A warning names this page's origin when the clinic has not allowed it.

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { type MountedWidget, mount } from "../../../embed.js";
import { embedSnippets } from "./embed-snippet.js";
import { Choice, Field, type StepProps } from "./kit.js";

const WIDGET_LOCALES = ["pt-PT", "en", "es"] as const;

/**
 * The website step: snippets to copy and a live preview of the booking widget.
 *
 * @example
 * <WebsiteStep {...stepProps} />
 */
export function WebsiteStep(props: StepProps): JSX.Element {
  const { t, data, action, section } = props;
  const api = section.client.api ?? location.origin;
  const [scriptUrl, setScriptUrl] = useState("/assets/bookwell.js");
  const [color, setColor] = useState(data.settings.brandColor ?? "#0b5cad");
  const [locale, setLocale] = useState<string>(
    WIDGET_LOCALES.find((l) => l.startsWith(section.locale)) ?? "en",
  );
  const snippets = embedSnippets({
    scriptUrl,
    api,
    clinic: section.me.clinicId,
    locale,
    color,
  });
  const origin = location.origin;
  const copy = (text: string) =>
    void action.run(
      () => navigator.clipboard.writeText(text),
      () => t.copied,
    );
  const shown: Array<[keyof typeof snippets, string]> = [
    ["script", t.snippetScript],
    ["element", t.snippetElement],
    ["esm", t.snippetEsm],
  ];
  return (
    <>
      <div class="bw-x-form">
        <Field
          label={t.brandColor}
          name="color"
          type="color"
          value={color}
          onInput={(e) => setColor((e.currentTarget as HTMLInputElement).value)}
        />
        <Choice
          label={t.widgetLanguage}
          name="widgetLocale"
          value={locale}
          onChange={setLocale}
          options={WIDGET_LOCALES.map((l) => [l, l] as const)}
        />
        <Field
          label={t.scriptUrl}
          name="scriptUrl"
          value={scriptUrl}
          onInput={(e) => setScriptUrl((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {new URL(api, location.href).origin !== origin &&
        !data.settings.allowedOrigins.includes(origin) && (
          <p class="bw-s-warn">{t.originWarning(origin)}</p>
        )}
      {shown.map(([key, label]) => (
        <div key={key} class="bw-x-snippet">
          <label>
            {label}
            <textarea
              readOnly
              rows={key === "esm" ? 5 : 3}
              value={snippets[key]}
              spellcheck={false}
            />
          </label>
          <button type="button" class="bw-s-btn" onClick={() => copy(snippets[key])}>
            {t.copy(label)}
          </button>
        </div>
      ))}
      <LivePreview
        api={api}
        clinic={section.me.clinicId}
        locale={locale}
        color={color}
        title={t.livePreview}
      />
    </>
  );
}

/**
 * The real widget in the chosen language and brand colour. Imported statically: in a script-tag
 * bundle the widget finds the files it loads beside itself (languages, chunks) only while the
 * bundle's own script runs, so it cannot be a lazily started module there.
 */
function LivePreview(props: {
  api: string;
  clinic: string;
  locale: string;
  color: string;
  title: string;
}): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const widget = useRef<MountedWidget | undefined>(undefined);
  useEffect(() => {
    let live = true;
    // Mounted after the first paint, so the step shows at once.
    const timer = setTimeout(() => {
      if (!live || !host.current) return;
      widget.current = mount(host.current, {
        api: props.api,
        clinic: props.clinic,
        locale: props.locale,
        headingLevel: 5,
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
      widget.current?.unmount();
      widget.current = undefined;
    };
  }, [props.api, props.clinic, props.locale]);
  useEffect(() => {
    host.current?.style.setProperty("--bookwell-color-primary", props.color);
  }, [props.color]);
  return (
    <section aria-labelledby="bw-x-live" class="bw-x-live">
      <h4 id="bw-x-live">{props.title}</h4>
      <div ref={host} />
    </section>
  );
}
