// The staff app: a navigation between sections (Calendar | Patients | Waitlist | Checkout |
// Reports | Audit | Import | Setup | Team accounts; My account beside Sign out), the current section and its parameters in the URL hash
// (`#patients?clientId=cli_1`, so reload and back work), sections by role (GET /v1/staff/me) and
// loaded on demand, texts in en / pt / es.
import type { ComponentType, JSX } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { createStaffClient, type StaffClient, type StaffMe } from "./api.js";
import { formatLocale, staffLocaleOf, useStaffTexts } from "./i18n/index.js";
import type { StaffRoute, StaffSectionId } from "./sections/contract.js";
import { loadSection, loadSignIn, type StaffSection } from "./sections/load.js";
import { needsSetup } from "./sections/needs-setup.js";
import { createSessionClient, inviteTokenFrom, type SessionClient } from "./session-client.js";
import type { SignInProps } from "./sign-in.js";
import type { StaffCalendarOptions } from "./staff-calendar.js";

/** Options of the staff app. */
export interface StaffAppOptions extends StaffCalendarOptions {
  /** The section shown when the URL hash names none (default the calendar). */
  section?: StaffSectionId | undefined;
  /** Keep the section in the page's URL hash (default true). */
  useHash?: boolean | undefined;
}

/** The sections in navigation order, and the roles that see each. */
const NAV: ReadonlyArray<{ id: StaffSectionId; roles: readonly string[] | null }> = [
  { id: "calendar", roles: null },
  { id: "patients", roles: null },
  // The server's waitlist routes are the desk's (a provider gets 403), so the section is too.
  { id: "waitlist", roles: ["manager", "front_desk"] },
  { id: "checkout", roles: ["manager", "front_desk"] },
  { id: "reports", roles: ["manager", "front_desk"] },
  { id: "audit", roles: ["manager", "front_desk"] },
  { id: "import", roles: ["manager", "front_desk"] },
  { id: "setup", roles: ["manager"] },
  // The server's user routes are the manager's.
  { id: "accounts", roles: ["manager"] },
];

/** My account: for everyone, linked from the user area next to Sign out rather than the list. */
const ACCOUNT: StaffSectionId = "account";

const IDS: ReadonlySet<string> = new Set([...NAV.map((n) => n.id), ACCOUNT]);

/**
 * The sections a role sees, in navigation order.
 *
 * @example
 * sectionsFor("provider"); // ["calendar", "patients"]
 */
export function sectionsFor(role: string): StaffSectionId[] {
  return NAV.filter((n) => !n.roles || n.roles.includes(role)).map((n) => n.id);
}

/**
 * A route from a URL hash (`#patients?clientId=cli_1`), or `null` when it names no section.
 *
 * @example
 * routeFromHash("#patients?clientId=cli_1"); // { section: "patients", params: { clientId: "cli_1" } }
 */
export function routeFromHash(hash: string): StaffRoute | null {
  const [name = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  if (!IDS.has(name)) return null;
  const params = Object.fromEntries(new URLSearchParams(query));
  return { section: name as StaffSectionId, params };
}

/**
 * The URL hash of a route.
 *
 * @example
 * hashOf({ section: "patients", params: { clientId: "cli_1" } }); // "#patients?clientId=cli_1"
 */
export function hashOf(route: StaffRoute): string {
  const query = new URLSearchParams(route.params ?? {}).toString();
  return `#${route.section}${query ? `?${query}` : ""}`;
}

/**
 * The staff app (mounted by `mountStaffApp`). Given neither an API key nor a token function, it
 * works with a staff account's session cookie: it shows the sign-in screen (or, for an invite or
 * setup link's `#invite=…`, the set-a-password screen) until someone is signed in, and a sign-out
 * button after.
 *
 * @example
 * render(<StaffApp options={{ api, apiKey, locale: "pt" }} />, container);
 */
export function StaffApp(props: {
  options: StaffAppOptions;
  client?: StaffClient | undefined;
}): JSX.Element {
  const { options } = props;
  const cookie = !props.client && !options.apiKey && !options.getToken;
  const session = useMemo(
    () =>
      cookie
        ? createSessionClient({ api: options.api, clinic: options.clinic, locale: options.locale })
        : null,
    [cookie, options.api, options.clinic, options.locale],
  );
  // null: not known yet; false: nobody signed in (cookie mode only).
  const [signedIn, setSignedIn] = useState<boolean | null>(session ? null : true);
  const [SignIn, setSignIn] = useState<ComponentType<SignInProps> | null>(null);
  // Whether the server ended the session while the app was open (the sign-in screen says so).
  const [ended, setEnded] = useState(false);
  const signedOut = useCallback((byServer?: boolean) => {
    setEnded(byServer === true);
    setSignedIn(false);
  }, []);
  useEffect(() => {
    if (!session) return;
    let live = true;
    session
      .me()
      .then((who) => live && setSignedIn(who !== null))
      .catch(() => live && setSignedIn(false));
    return () => {
      live = false;
    };
  }, [session]);
  useEffect(() => {
    if (signedIn !== false || SignIn) return;
    loadSignIn().then((component) => setSignIn(() => component));
  }, [signedIn, SignIn]);
  if (session && signedIn !== true) {
    if (!SignIn) return <p class="bw-s-meta">…</p>;
    const invite =
      typeof window === "undefined" ? undefined : inviteTokenFrom(window.location.hash);
    return (
      <div class="bw-s-app">
        <SignIn
          client={session}
          locale={options.locale}
          inviteToken={invite}
          sessionEnded={ended}
          onSignedIn={() => {
            if (invite && typeof window !== "undefined") {
              history.replaceState(null, "", window.location.pathname + window.location.search);
            }
            setSignedIn(true);
          }}
        />
      </div>
    );
  }
  return (
    <SignedInApp
      options={options}
      client={props.client}
      session={session}
      onSignedOut={signedOut}
    />
  );
}

function SignedInApp(props: {
  options: StaffAppOptions;
  client: StaffClient | undefined;
  session: SessionClient | null;
  /** Back to the sign-in screen; `ended`: the server ended the session (not the sign-out button). */
  onSignedOut: (ended?: boolean) => void;
}): JSX.Element {
  const { options, session } = props;
  const { onSignedOut } = props;
  const client = useMemo(
    () =>
      props.client ??
      createStaffClient(
        session ? { ...options, onSessionEnded: () => onSignedOut(true) } : options,
      ),
    [options, props.client, session, onSignedOut],
  );
  const locale = staffLocaleOf(options.locale);
  const t = useStaffTexts(locale);
  const useHash = options.useHash !== false && typeof window !== "undefined";
  const first = (): StaffRoute =>
    (useHash ? routeFromHash(window.location.hash) : null) ?? {
      section: options.section ?? "calendar",
    };
  const [route, setRoute] = useState<StaffRoute>(first);
  // Whether the page was opened on a section of its own choosing (a hash or the `section` option).
  const [chosen] = useState(
    () =>
      options.section !== undefined || (useHash && routeFromHash(window.location.hash) !== null),
  );
  const [me, setMe] = useState<StaffMe | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [section, setSection] = useState<{ id: StaffSectionId; component: StaffSection | null }>();
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    client
      .me()
      .then((who) => live && setMe(who))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    if (!useHash) return;
    // Back to the page's first entry (no hash): the first section again.
    const onHash = () =>
      setRoute(routeFromHash(window.location.hash) ?? { section: options.section ?? "calendar" });
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [useHash, options.section]);

  const allowed = me ? sectionsFor(me.role) : [];
  const current: StaffSectionId =
    me && route.section !== ACCOUNT && !allowed.includes(route.section)
      ? "calendar"
      : route.section;

  useEffect(() => {
    let live = true;
    setLoadError(null);
    loadSection(current)
      .then((component) => live && setSection({ id: current, component }))
      .catch((e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [current, attempt]);

  const navigate = useCallback(
    (next: StaffRoute) => {
      setRoute(next);
      if (useHash) {
        const hash = hashOf(next);
        if (window.location.hash !== hash) window.location.hash = hash;
      }
    },
    [useHash],
  );
  // A manager of a clinic with no service or no therapist yet lands on the setup wizard.
  useEffect(() => {
    if (me?.role !== "manager" || chosen) return;
    let live = true;
    needsSetup(client)
      .then((needed) => live && needed && navigate({ section: "setup" }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [me, chosen, client, navigate]);

  const settings = useMemo(
    () => ({ date: options.date, pollSeconds: options.pollSeconds }),
    [options.date, options.pollSeconds],
  );
  const tag = formatLocale(locale, me?.clinic?.locale, options.locale);
  const clinic = {
    timeZone: me?.clinic?.timeZone ?? "UTC",
    currency: me?.clinic?.currency ?? "EUR",
    locale: tag,
  };
  const Section = section?.id === current ? section.component : undefined;
  return (
    <div class="bw-s-app" lang={tag}>
      <nav class="bw-s-nav" aria-label={t("app.nav")}>
        <ul>
          {(me ? allowed : []).map((id) => (
            <li key={id}>
              <a
                href={hashOf({ section: id })}
                aria-current={id === current ? "page" : undefined}
                onClick={(e) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  navigate({ section: id });
                }}
              >
                {t(`section.${id}`)}
              </a>
            </li>
          ))}
        </ul>
        {me && <span class="bw-s-meta">{t(`role.${me.role}` as "role.manager")}</span>}
        {me && session && (
          <a
            href={hashOf({ section: ACCOUNT })}
            aria-current={current === ACCOUNT ? "page" : undefined}
            onClick={(e) => {
              if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              navigate({ section: ACCOUNT });
            }}
          >
            {t("section.account")}
          </a>
        )}
        {session && (
          <button
            type="button"
            class="bw-s-btn"
            onClick={() => {
              session.signOut().finally(props.onSignedOut);
            }}
          >
            {t("app.signOut")}
          </button>
        )}
      </nav>
      {error && (
        <div class="bw-s-error" role="alert">
          {t("app.loadFailed", { error })}
        </div>
      )}
      {!me && !error && <p class="bw-s-meta">{t("app.loading")}</p>}
      {me && loadError && (
        <div class="bw-s-error" role="alert">
          {t("app.loadFailed", { error: loadError })}{" "}
          <button type="button" class="bw-s-btn" onClick={() => setAttempt((n) => n + 1)}>
            {t("app.retry")}
          </button>
        </div>
      )}
      {me && !loadError && Section === undefined && <p class="bw-s-meta">{t("app.loading")}</p>}
      {me && Section === null && <p>{t("app.missing")}</p>}
      {me && Section && (
        <Section
          client={client}
          me={me}
          locale={locale}
          clinic={clinic}
          params={route.section === current ? (route.params ?? {}) : {}}
          navigate={navigate}
          settings={settings}
          signOut={session ? props.onSignedOut : undefined}
        />
      )}
    </div>
  );
}
