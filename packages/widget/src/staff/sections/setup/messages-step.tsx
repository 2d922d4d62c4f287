// Step 6: messages — which messages go out and on which channels, up to five reminders, the delay
// that merges quick changes into one message, quiet hours, and the clinic's own confirmation texts
// per language with a live preview of the real e-mail (the server renders it). What is left empty keeps following the server's defaults.
// (Each therapist's e-mail for booking notices is the team member's, in the team step.)

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useLoaded } from "../section-kit.js";
import { Check, Field, intOf, onSubmit, Part, type StepProps } from "./kit.js";
import { MESSAGE_TYPES, type MessageSettings, type MessageType } from "./setup-api.js";

const CHANNELS = ["email", "sms", "whatsapp"] as const;
const LANGUAGES = ["en", "pt", "es"] as const;
type Language = (typeof LANGUAGES)[number];

/**
 * The message settings a form describes, on top of what was stored (what the form does not show
 * is kept).
 *
 * @example
 * messagesFromForm({ "type-new": "on", "channel-new-email": "on", reminder1: "24" }, stored);
 */
export function messagesFromForm(
  v: Record<string, string>,
  stored: MessageSettings,
): MessageSettings {
  const types: NonNullable<MessageSettings["settings"]["types"]> = {};
  for (const type of MESSAGE_TYPES) {
    types[type] = {
      enabled: v[`type-${type}`] === "on",
      channels: CHANNELS.filter((c) => v[`channel-${type}-${c}`] === "on"),
    };
  }
  const offsets = [1, 2, 3, 4, 5]
    .map((n) => intOf(v[`reminder${n}`]))
    .filter((h): h is number => h !== undefined && h > 0)
    .map((h) => h * 60);
  const coalesce = intOf(v.coalesce);
  const quiet = v.quietFrom && v.quietTo ? { start: v.quietFrom, end: v.quietTo } : undefined;
  const templates = { ...stored.templates };
  for (const language of LANGUAGES) {
    const subject = v[`subject-${language}`];
    const intro = v[`intro-${language}`];
    if (subject === undefined && intro === undefined) continue;
    const own = { ...(subject ? { subject } : {}), ...(intro ? { intro } : {}) };
    templates[language] = { ...templates[language], new: own };
  }
  const {
    quietHours: _q,
    coalesceMinutes: _c,
    reminderOffsetsMinutes: _r,
    ...rest
  } = stored.settings;
  return {
    version: stored.version,
    settings: {
      ...rest,
      types,
      reminderOffsetsMinutes: [...new Set(offsets)],
      ...(coalesce === undefined ? {} : { coalesceMinutes: coalesce }),
      ...(quiet ? { quietHours: quiet } : {}),
    },
    providers: stored.providers,
    templates,
  };
}

/**
 * The messages step: `GET` and `PUT /notifications/settings`.
 *
 * @example
 * <MessagesStep {...stepProps} />
 */
export function MessagesStep(props: StepProps): JSX.Element {
  const { t, api } = props;
  const stored = useLoaded(() => api.messages(), "messages");
  if (stored.error) return <p class="bw-s-error">{stored.error}</p>;
  if (!stored.data) return <p>{t.loading}</p>;
  return <MessagesForm {...props} stored={stored.data} onSaved={stored.reload} />;
}

function MessagesForm(
  props: StepProps & { stored: MessageSettings; onSaved(): void },
): JSX.Element {
  const { t, api, action, stored } = props;
  const s = stored.settings;
  const offsets = s.reminderOffsetsMinutes ?? [1440, 60];
  const [language, setLanguage] = useState<Language>(props.section.locale);
  const own = (l: Language) => stored.templates[l]?.new ?? {};
  const [subject, setSubject] = useState(own(language).subject ?? "");
  const [intro, setIntro] = useState(own(language).intro ?? "");
  const save = onSubmit((v) => {
    void action
      .run(
        () => api.saveMessages(messagesFromForm(v, stored)),
        () => t.saved,
      )
      .then((saved) => saved && props.onSaved());
  });
  return (
    <form class="bw-x-form" aria-label={t.messages} onSubmit={save}>
      <Part id="bw-x-types" title={t.messages} wide>
        <table>
          <caption class="bw-sr">{t.messages}</caption>
          <thead>
            <tr>
              <th scope="col">{t.messages}</th>
              {CHANNELS.map((c) => (
                <th scope="col" key={c}>
                  {t.channels[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {MESSAGE_TYPES.map((type: MessageType) => {
              const setting = s.types?.[type];
              const name = t.types[type] ?? type;
              return (
                <tr key={type}>
                  <th scope="row">
                    <Check
                      label={t.sendType(name)}
                      name={`type-${type}`}
                      defaultChecked={setting?.enabled ?? type !== "no_show"}
                    />
                  </th>
                  {CHANNELS.map((c) => (
                    <td key={c}>
                      <input
                        type="checkbox"
                        name={`channel-${type}-${c}`}
                        aria-label={t.channelOf(t.channels[c] ?? c, name)}
                        defaultChecked={(setting?.channels ?? ["email"]).includes(c)}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </Part>
      <fieldset class="bw-x-wide bw-x-form">
        <legend>{t.reminders}</legend>
        {[1, 2, 3, 4, 5].map((n) => {
          const minutes = offsets[n - 1];
          return (
            <Field
              key={n}
              label={t.reminderN(n)}
              name={`reminder${n}`}
              type="number"
              min={1}
              max={720}
              defaultValue={minutes === undefined ? "" : String(minutes / 60)}
            />
          );
        })}
      </fieldset>
      <Field
        label={t.coalesce}
        name="coalesce"
        type="number"
        min={0}
        max={1440}
        defaultValue={s.coalesceMinutes === undefined ? "" : String(s.coalesceMinutes)}
      />
      <Field
        label={t.quietFrom}
        name="quietFrom"
        type="time"
        defaultValue={s.quietHours?.start ?? ""}
      />
      <Field label={t.quietTo} name="quietTo" type="time" defaultValue={s.quietHours?.end ?? ""} />
      <Part id="bw-x-templates" title={t.templates} wide>
        <label>
          {t.templateLanguage}
          <select
            value={language}
            onChange={(e) => {
              const next = (e.currentTarget as HTMLSelectElement).value as Language;
              setLanguage(next);
              setSubject(own(next).subject ?? "");
              setIntro(own(next).intro ?? "");
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t.languages[l]}
              </option>
            ))}
          </select>
        </label>
        <Field
          label={t.subject}
          name={`subject-${language}`}
          value={subject}
          onInput={(e) => setSubject((e.currentTarget as HTMLInputElement).value)}
        />
        <label>
          {t.introText}
          <textarea
            name={`intro-${language}`}
            rows={3}
            value={intro}
            onInput={(e) => setIntro((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <MailPreview {...props} language={language} subject={subject} intro={intro} />
      </Part>
      <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={action.busy}>
        {t.save}
      </button>
    </form>
  );
}

/**
 * The real confirmation e-mail as the server renders it for a sample visit, with the texts being
 * typed (asked again 300 ms after the last keystroke; nothing is saved or sent).
 */
function MailPreview(
  props: StepProps & { language: Language; subject: string; intro: string },
): JSX.Element {
  const { t, api, language, subject, intro } = props;
  const [mail, setMail] = useState<{ subject: string; text: string } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const own = { ...(subject ? { subject } : {}), ...(intro ? { intro } : {}) };
    const timer = setTimeout(() => {
      api
        .previewMessage({
          kind: "new",
          language,
          ...(Object.keys(own).length > 0 ? { templates: { [language]: { new: own } } } : {}),
        })
        .then(
          (m) => live && setMail(m),
          () => live && setMail(undefined),
        );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [language, subject, intro]);
  return (
    <figure class="bw-x-preview" lang={language}>
      <figcaption>{t.preview}</figcaption>
      {mail ? (
        <>
          <p>
            <strong>{mail.subject}</strong>
          </p>
          <pre class="bw-x-mail">{mail.text}</pre>
        </>
      ) : (
        <p>{t.loading}</p>
      )}
      <p class="bw-s-meta">{t.previewNote}</p>
    </figure>
  );
}
