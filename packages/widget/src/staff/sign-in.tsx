// The staff app's sign-in screen: e-mail and password, then a verification code when the user
// enrolled TOTP; or, with an invite link, "set your password" (and, for the setup link of a new
// clinic, the first manager's e-mail and name when the server asks for them). The server decides
// every rule (which part was wrong is never told, locks, code reuse); this screen shows its answers.

import { useEffect, useRef, useState } from "preact/hooks";
import { StaffApiError } from "./api.js";
import { type SignInTexts, signInTexts } from "./i18n/sign-in.js";
import type { SessionClient, StaffSessionUser } from "./session-client.js";

/** Props of {@link SignIn}. */
export interface SignInProps {
  /** The session client (see `createSessionClient`). */
  client: SessionClient;
  /** Called once the user is signed in (after the code step, when there is one). */
  onSignedIn: (user: StaffSessionUser) => void;
  /** BCP 47 locale of the texts: en, pt or es (default en). */
  locale?: string | undefined;
  /** An invite (or setup) link's token: the screen sets a password instead of signing in. */
  inviteToken?: string | undefined;
  /** Heading level of the screen's title (default 2). */
  headingLevel?: 1 | 2 | 3 | undefined;
  /** The server ended the session that was open: the screen says so above the form. */
  sessionEnded?: boolean | undefined;
}

type Step = "password" | "code" | "invite";

/** The message of a refused step, in the screen's language. */
function messageOf(error: unknown, t: SignInTexts, step: Step): string {
  if (!(error instanceof StaffApiError)) return t.failed;
  switch (error.code) {
    case "INVALID_CREDENTIALS":
      return t.wrongCredentials;
    case "INVALID_CODE":
      return t.wrongCode;
    case "RATE_LIMITED": {
      const seconds = (error.problem as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60;
      return t.locked.replace("{minutes}", String(Math.max(1, Math.ceil(seconds / 60))));
    }
    case "LINK_INVALID":
      return t.linkInvalid;
    case "NETWORK":
      return t.network;
    default:
      return step === "code" ? t.wrongCode : t.failed;
  }
}

/**
 * The staff sign-in screen (Preact): a labelled form per step, errors announced (`role="alert"`)
 * and tied to the fields, focus moved to the first field of each step, password managers and
 * one-time-code autofill supported by `autocomplete`.
 *
 * @example
 * <SignIn client={createSessionClient({ api: "/api" })} locale="pt-PT" onSignedIn={(user) => showApp(user)} />
 */
export function SignIn(props: SignInProps) {
  const t = signInTexts(props.locale);
  const [step, setStep] = useState<Step>(props.inviteToken ? "invite" : "password");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [needsIdentity, setNeedsIdentity] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const Heading = `h${props.headingLevel ?? 2}` as "h2";

  // Focus the first field of each step (and of the identity fields once the server asks for them).
  useEffect(() => {
    first.current?.focus();
  }, [step, needsIdentity]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      if (
        step === "invite" &&
        failure instanceof StaffApiError &&
        failure.code === "VALIDATION_FAILED" &&
        (failure.problem.errors ?? []).some((e) => e.field === "email" || e.field === "name") &&
        !needsIdentity
      ) {
        setNeedsIdentity(true);
        setError(t.required);
      } else {
        setError(messageOf(failure, t, step));
      }
    } finally {
      setBusy(false);
    }
  };

  const onPassword = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await props.client.signIn(email, password);
      setPassword("");
      if (answer.status === "totp_required") setStep("code");
      else props.onSignedIn(answer.user);
    });
  };

  const onCode = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await props.client.verifyTotp(code);
      setCode("");
      if (answer.status === "signed_in") props.onSignedIn(answer.user);
    });
  };

  const onInvite = (event: Event) => {
    event.preventDefault();
    if (password.length < 10) {
      setError(t.tooShort);
      return;
    }
    if (password !== confirm) {
      setError(t.mismatch);
      return;
    }
    void run(async () => {
      const answer = await props.client.acceptInvite({
        token: props.inviteToken ?? "",
        password,
        ...(needsIdentity ? { email, name } : {}),
      });
      if (answer.status === "signed_in") props.onSignedIn(answer.user);
    });
  };

  const errorId = "bw-signin-error";
  const described = error ? { "aria-describedby": errorId, "aria-invalid": true } : {};
  const alert = (
    <div id={errorId} role="alert" class={error ? "bw-s-error" : undefined}>
      {error ?? ""}
    </div>
  );
  const submit = (label: string) => (
    <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={busy} aria-disabled={busy}>
      {busy ? t.busy : label}
    </button>
  );

  if (step === "code") {
    return (
      <section class="bw-s-signin" aria-labelledby="bw-signin-title">
        <Heading id="bw-signin-title">{t.codeTitle}</Heading>
        <form onSubmit={onCode} noValidate>
          <p id="bw-signin-code-intro">{t.codeIntro}</p>
          <label>
            {t.code}
            <input
              ref={first}
              type="text"
              name="code"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              autocomplete="one-time-code"
              inputMode="numeric"
              required
              aria-describedby={`bw-signin-code-hint${error ? ` ${errorId}` : ""}`}
              {...(error ? { "aria-invalid": true } : {})}
            />
          </label>
          <p id="bw-signin-code-hint">{t.codeHint}</p>
          {alert}
          <div class="bw-s-actions">
            {submit(t.verify)}
            <button
              type="button"
              class="bw-s-btn"
              onClick={() => {
                setError(undefined);
                setCode("");
                setStep("password");
              }}
            >
              {t.back}
            </button>
          </div>
        </form>
      </section>
    );
  }

  if (step === "invite") {
    return (
      <section class="bw-s-signin" aria-labelledby="bw-signin-title">
        <Heading id="bw-signin-title">{t.inviteTitle}</Heading>
        <form onSubmit={onInvite} noValidate>
          <p>{t.inviteIntro}</p>
          {needsIdentity ? (
            <>
              <label>
                {t.name}
                <input
                  ref={first}
                  name="name"
                  value={name}
                  onInput={(e) => setName(e.currentTarget.value)}
                  autocomplete="name"
                  required
                />
              </label>
              <label>
                {t.email}
                <input
                  type="email"
                  name="email"
                  value={email}
                  onInput={(e) => setEmail(e.currentTarget.value)}
                  autocomplete="username"
                  required
                />
              </label>
            </>
          ) : null}
          <label>
            {t.newPassword}
            <input
              {...(needsIdentity ? {} : { ref: first })}
              type="password"
              name="new-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
              autocomplete="new-password"
              minLength={10}
              required
              aria-describedby={`bw-signin-pw-hint${error ? ` ${errorId}` : ""}`}
              {...(error ? { "aria-invalid": true } : {})}
            />
          </label>
          <p id="bw-signin-pw-hint">{t.newPasswordHint}</p>
          <label>
            {t.confirmPassword}
            <input
              type="password"
              name="confirm-password"
              value={confirm}
              onInput={(e) => setConfirm(e.currentTarget.value)}
              autocomplete="new-password"
              required
              {...described}
            />
          </label>
          {alert}
          <div class="bw-s-actions">{submit(t.setPassword)}</div>
        </form>
      </section>
    );
  }

  return (
    <section class="bw-s-signin" aria-labelledby="bw-signin-title">
      <Heading id="bw-signin-title">{t.title}</Heading>
      {props.sessionEnded && <p role="status">{t.sessionEnded}</p>}
      <form onSubmit={onPassword} noValidate>
        <label>
          {t.email}
          <input
            ref={first}
            type="email"
            name="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            autocomplete="username"
            required
            {...described}
          />
        </label>
        <label>
          {t.password}
          <input
            type="password"
            name="password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            autocomplete="current-password"
            required
            {...described}
          />
        </label>
        {alert}
        <div class="bw-s-actions">{submit(t.submit)}</div>
      </form>
    </section>
  );
}
