// The My account section (anyone signed in with a staff account): change the password, turn the
// TOTP second factor on (the otpauth:// link and the secret as text, a current code to confirm,
// the backup codes shown once) or off, and sign out everywhere. The server decides every rule
// (password length, codes, the current password); its refusals show next to the field they name.

import type { JSX } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { type AccountsTexts, accountsEn } from "../i18n/sections/accounts.en.js";
import { accountsEs } from "../i18n/sections/accounts.es.js";
import { accountsPt } from "../i18n/sections/accounts.pt.js";
import type { StaffSessionUser } from "../session-client.js";
import { type AccountsApi, accountsApi } from "./accounts-api.js";
import { AccountField, type Refusal, refusalOf } from "./accounts-kit.js";
import type { StaffSectionProps } from "./contract.js";
import { Announce, type Notice, SectionFrame, textsFor, useLoaded } from "./section-kit.js";

/** What a form of this section reports: a result, or a refusal (beside its field when it names one). */
type Outcome = (notice: Notice | undefined) => void;

/**
 * The My account section: password, two-factor sign-in and sessions of the signed-in staff user.
 *
 * @example
 * <MyAccountSection client={client} me={me} locale="en" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{}} navigate={go} signOut={showSignIn} />
 */
export function MyAccountSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: accountsEn, pt: accountsPt, es: accountsEs });
  const api = accountsApi(props.client);
  const [tick, setTick] = useState(0);
  const session = useLoaded(() => api.session(), String(tick));
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const user = session.data?.user;
  const reload = () => setTick((n) => n + 1);
  return (
    <SectionFrame id="bw-x-account" title={t.accountTitle}>
      {session.error && <p class="bw-s-error">{session.error}</p>}
      {!session.data && !session.error && <p class="bw-s-meta">{t.loading}</p>}
      {session.data && !user && <p>{t.notAUser}</p>}
      {user && <p>{t.signedInAs(user.name, user.email, t.roles[user.role] ?? user.role)}</p>}
      <Announce notice={notice} />
      {user && (
        <>
          <PasswordForm t={t} api={api} done={setNotice} />
          <TwoFactor t={t} api={api} user={user} done={setNotice} changed={reload} />
          <section aria-labelledby="bw-x-account-sessions">
            <h3 id="bw-x-account-sessions">{t.sessionsTitle}</h3>
            <p>{t.sessionsIntro}</p>
            <button
              type="button"
              class="bw-s-btn bw-s-btn-danger"
              onClick={() =>
                void api.signOutEverywhere().then(
                  () => (props.signOut ? props.signOut() : props.navigate({ section: "calendar" })),
                  (e: unknown) => setNotice({ kind: "error", text: refusalOf(e, t).text }),
                )
              }
            >
              {t.everywhere}
            </button>
          </section>
        </>
      )}
    </SectionFrame>
  );
}

/**
 * Runs a form's request: clears the form's refusal, then reports the result or keeps the refusal
 * beside its field (or, naming none, in the section's alert).
 */
async function submitForm<T>(
  action: () => Promise<T>,
  setRefusal: (refusal: Refusal | undefined) => void,
  done: Outcome,
  ok: (result: T) => string,
  t: AccountsTexts,
): Promise<{ result: T } | undefined> {
  setRefusal(undefined);
  done(undefined);
  try {
    const result = await action();
    done({ kind: "ok", text: ok(result) });
    return { result };
  } catch (e) {
    const refusal = refusalOf(e, t);
    if (refusal.field) setRefusal(refusal);
    else done({ kind: "error", text: refusal.text });
    return undefined;
  }
}

/** Current and new password; the server's rules answer as refusals. */
function PasswordForm(props: { t: AccountsTexts; api: AccountsApi; done: Outcome }): JSX.Element {
  const { t } = props;
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    void submitForm(
      async () => {
        await props.api.changePassword(
          String(data.get("currentPassword") ?? ""),
          String(data.get("newPassword") ?? ""),
        );
        form.reset();
      },
      setRefusal,
      props.done,
      () => t.passwordChanged,
      t,
    ).finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="bw-x-account-password">
      <h3 id="bw-x-account-password">{t.password}</h3>
      <form class="bw-x-form" onSubmit={submit} noValidate aria-label={t.password}>
        <AccountField
          label={t.currentPassword}
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          refusal={refusal}
        />
        <AccountField
          label={t.newPassword}
          name="newPassword"
          type="password"
          autocomplete="new-password"
          refusal={refusal}
        />
        <div class="bw-x-wide">
          <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={busy}>
            {t.changePassword}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The second factor: on or off, enrolment with a code, backup codes once, turning it off. */
function TwoFactor(props: {
  t: AccountsTexts;
  api: AccountsApi;
  user: StaffSessionUser;
  done: Outcome;
  changed: () => void;
}): JSX.Element {
  const { t, user } = props;
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string }>();
  const [backupCodes, setBackupCodes] = useState<string[]>();
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const step = useRef<HTMLHeadingElement>(null);
  // Focus follows the step: the enrolment's instructions, then the backup codes.
  useLayoutEffect(() => step.current?.focus(), [enrolment, backupCodes]);

  const act = <T,>(action: () => Promise<T>, ok: (result: T) => string, after: (r: T) => void) => {
    setBusy(true);
    void submitForm(action, setRefusal, props.done, ok, t)
      .then((outcome) => {
        if (outcome) after(outcome.result);
      })
      .finally(() => setBusy(false));
  };
  const fieldOf = (event: Event, name: string) => {
    event.preventDefault();
    return String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? "").trim();
  };

  return (
    <section aria-labelledby="bw-x-account-totp">
      <h3 id="bw-x-account-totp">{t.totpTitle}</h3>
      <p>{user.totpEnabled ? t.totpOn(user.backupCodesLeft) : t.totpOff}</p>
      {backupCodes && (
        <>
          <h4 id="bw-x-account-backup" tabIndex={-1} ref={step}>
            {t.backupTitle}
          </h4>
          <p>{t.backupIntro}</p>
          <ul class="bw-x-list" aria-labelledby="bw-x-account-backup">
            {backupCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {!user.totpEnabled && !enrolment && (
        <button
          type="button"
          class="bw-s-btn bw-s-btn-primary"
          disabled={busy}
          onClick={() =>
            act(
              () => props.api.enrolTotp(),
              () => "",
              setEnrolment,
            )
          }
        >
          {t.enrol}
        </button>
      )}
      {!user.totpEnabled && enrolment && (
        <>
          <h4 id="bw-x-account-enrol" tabIndex={-1} ref={step}>
            {t.enrol}
          </h4>
          <p>{t.enrolIntro}</p>
          <dl class="bw-x-kv">
            <dt>{t.uri}</dt>
            <dd>
              <a href={enrolment.otpauthUri}>
                <code>{enrolment.otpauthUri}</code>
              </a>
            </dd>
            <dt>{t.secret}</dt>
            <dd>
              <code data-secret>{enrolment.secret}</code>
            </dd>
          </dl>
          <form
            class="bw-x-form"
            noValidate
            aria-label={t.confirm}
            onSubmit={(e) => {
              const code = fieldOf(e, "code");
              act(
                () => props.api.confirmTotp(code),
                () => t.totpEnabled,
                (codes) => {
                  setEnrolment(undefined);
                  setBackupCodes(codes);
                  props.changed();
                },
              );
            }}
          >
            <AccountField
              label={t.code}
              name="code"
              autocomplete="one-time-code"
              inputMode="numeric"
              refusal={refusal}
            />
            <div class="bw-x-wide">
              <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={busy}>
                {t.confirm}
              </button>
            </div>
          </form>
        </>
      )}
      {user.totpEnabled && (
        <form
          class="bw-x-form"
          noValidate
          aria-label={t.disable}
          onSubmit={(e) => {
            const password = fieldOf(e, "password");
            act(
              () => props.api.disableTotp(password),
              () => t.totpDisabled,
              () => {
                setBackupCodes(undefined);
                props.changed();
              },
            );
          }}
        >
          <AccountField
            label={t.yourPassword}
            name="password"
            type="password"
            autocomplete="current-password"
            refusal={refusal}
          />
          <div class="bw-x-wide">
            <button type="submit" class="bw-s-btn bw-s-btn-danger" disabled={busy}>
              {t.disable}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
