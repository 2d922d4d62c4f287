// The setup section of the staff app (managers): a first-run wizard a clinic owner completes
// without reading docs — clinic, places and rooms, team, services, hours, messages, website — and
// the place to change any of it later. Every step calls the staff API (the server keeps and checks
// every rule); the shell opens this section by itself while `needsSetup` says so.

import type { JSX } from "preact";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { setupEn } from "../i18n/sections/setup.en.js";
import { setupEs } from "../i18n/sections/setup.es.js";
import { setupPt } from "../i18n/sections/setup.pt.js";
import type { StaffSectionProps } from "./contract.js";
import { sectionFormat } from "./format.js";
import { Announce, SectionFrame, textsFor, useAction, useLoaded } from "./section-kit.js";
import { ClinicStep } from "./setup/clinic-step.js";
import { HoursStep } from "./setup/hours-step.js";
import type { SetupData, StepProps } from "./setup/kit.js";
import { MessagesStep } from "./setup/messages-step.js";
import { PlacesStep } from "./setup/places-step.js";
import { ServicesStep } from "./setup/services-step.js";
import { setupApi } from "./setup/setup-api.js";
import { TeamStep } from "./setup/team-step.js";
import { WebsiteStep } from "./setup/website-step.js";

export { needsSetup } from "./setup/setup-api.js";

/** The wizard's steps, in order. */
export const SETUP_STEPS = [
  "clinic",
  "places",
  "team",
  "services",
  "hours",
  "messages",
  "website",
] as const;
/** A step of the wizard. */
export type SetupStep = (typeof SETUP_STEPS)[number];

const STEP_VIEWS: Record<SetupStep, (props: StepProps) => JSX.Element> = {
  clinic: ClinicStep,
  places: PlacesStep,
  team: TeamStep,
  services: ServicesStep,
  hours: HoursStep,
  messages: MessagesStep,
  website: WebsiteStep,
};

/**
 * Which steps a clinic has done (`undefined`: the step is optional and has no state to show).
 *
 * @example
 * stepsDone(data).services; // true once a service exists
 */
export function stepsDone(data: SetupData): Record<SetupStep, boolean | undefined> {
  const therapists = data.calendars.filter((c) => c.kind === "provider");
  return {
    clinic: data.settings.name !== "My clinic" || data.settings.timeZone !== "UTC",
    places: data.locations.length > 0,
    team: therapists.length > 0,
    services: data.services.length > 0,
    hours: therapists.length > 0 && therapists.every((c) => (c.weekly ?? []).length > 0),
    messages: undefined,
    website: data.settings.allowedOrigins.length > 0,
  };
}

/**
 * The setup section (param `step`, one of {@link SETUP_STEPS}, default the first).
 *
 * @example
 * <SetupSection client={client} me={me} locale="pt" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{ step: "services" }} navigate={go} />
 */
export function SetupSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: setupEn, pt: setupPt, es: setupEs });
  const api = useMemo(() => setupApi(props.client), [props.client]);
  const [tick, setTick] = useState(0);
  const loaded = useLoaded(async (): Promise<SetupData> => {
    const [settings, locations, calendars, services, members] = await Promise.all([
      api.settings(),
      api.locations(),
      api.calendars(),
      api.services(),
      api.members(),
    ]);
    // A removed (archived) calendar or service leaves the wizard's lists for its Removed list;
    // past visits still name it.
    const gone = (x: { active?: boolean }) => x.active === false;
    return {
      settings,
      locations,
      calendars: calendars.filter((c) => !gone(c)),
      services: services.filter((s) => !gone(s)),
      members,
      removed: { calendars: calendars.filter(gone), services: services.filter(gone) },
    };
  }, `setup|${tick}`);
  const first = SETUP_STEPS.find((s) => s === props.params.step) ?? "clinic";
  const [step, setStep] = useState<SetupStep>(first);
  const action = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useLayoutEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step]);
  const go = (next: SetupStep) => {
    moved.current = true;
    setStep(next);
  };
  const data = loaded.data;
  const f = useMemo(
    () =>
      sectionFormat(props.locale, {
        timeZone: data?.settings.timeZone ?? props.clinic.timeZone,
        currency: data?.settings.currency ?? props.clinic.currency,
      }),
    [props.locale, data?.settings.timeZone, data?.settings.currency, props.clinic],
  );
  if (!data) {
    return (
      <SectionFrame id="bw-x-setup" title={t.title}>
        {loaded.error ? <p class="bw-s-error">{loaded.error}</p> : <p role="status">{t.loading}</p>}
      </SectionFrame>
    );
  }
  const done = stepsDone(data);
  const index = SETUP_STEPS.indexOf(step);
  const View = STEP_VIEWS[step];
  const missing = [
    done.services ? undefined : t.missingService,
    done.team ? undefined : t.missingTherapist,
    done.hours ? undefined : t.missingHours,
  ].filter((m): m is string => m !== undefined);
  return (
    <SectionFrame id="bw-x-setup" title={t.title}>
      <p>{t.intro}</p>
      <nav aria-label={t.steps}>
        <ol class="bw-x-steps">
          {SETUP_STEPS.map((s, i) => (
            <li key={s}>
              <button
                type="button"
                class="bw-s-link"
                aria-current={s === step ? "step" : undefined}
                onClick={() => go(s)}
              >
                {i + 1}. {t.stepNames[s]}
                {done[s] === undefined ? "" : ` (${done[s] ? t.done : t.todo})`}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section aria-labelledby="bw-x-step-title" class="bw-x-step">
        <h3 id="bw-x-step-title" tabIndex={-1} ref={heading}>
          <span class="bw-s-meta">{t.stepOf(index + 1, SETUP_STEPS.length)}: </span>
          {t.stepNames[step]}
        </h3>
        <View
          key={step}
          api={api}
          t={t}
          f={f}
          data={data}
          reload={() => setTick((n) => n + 1)}
          action={action}
          section={props}
        />
        {step === "website" && (
          <p class={missing.length === 0 ? "bw-x-ok" : "bw-s-warn"}>
            {missing.length === 0 ? t.summaryReady : `${t.summaryMissing} ${missing.join(", ")}.`}
          </p>
        )}
      </section>
      <Announce notice={action.notice} />
      <div class="bw-x-row">
        <button
          type="button"
          class="bw-s-btn"
          disabled={index === 0}
          onClick={() => go(SETUP_STEPS[index - 1] ?? "clinic")}
        >
          {t.back}
        </button>
        {index < SETUP_STEPS.length - 1 ? (
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            onClick={() => go(SETUP_STEPS[index + 1] ?? "website")}
          >
            {t.next}
          </button>
        ) : (
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            onClick={() => props.navigate({ section: "calendar" })}
          >
            {t.finish}
          </button>
        )}
      </div>
    </SectionFrame>
  );
}
