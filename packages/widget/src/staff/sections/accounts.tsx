// The Team accounts section (managers): the clinic's staff users with their role, calendars,
// state and second factor; inviting someone by e-mail (the link the server answers is shown for
// clinics that send no e-mail); a new invite link; changing a role or calendars; deactivating and
// reactivating. Every rule (who may be invited, the last manager, calendars) is the server's: the
// section shows its refusals next to the field they name.

import type { JSX } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { StaffCalendar } from "../api.js";
import { type AccountsTexts, accountsEn } from "../i18n/sections/accounts.en.js";
import { accountsEs } from "../i18n/sections/accounts.es.js";
import { accountsPt } from "../i18n/sections/accounts.pt.js";
import {
  type AccountsApi,
  accountsApi,
  type InviteAnswer,
  type StaffUser,
} from "./accounts-api.js";
import { AccountField, type Refusal, refusalOf } from "./accounts-kit.js";
import type { StaffSectionProps } from "./contract.js";
import {
  Announce,
  type Notice,
  SectionFrame,
  textsFor,
  useLoaded,
  useSectionFormat,
} from "./section-kit.js";

const ROLES = ["manager", "front_desk", "provider"] as const;

/**
 * The Team accounts section: list, invite, re-invite, change and deactivate staff users.
 *
 * @example
 * <AccountsSection client={client} me={me} locale="pt" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{}} navigate={go} />
 */
export function AccountsSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: accountsEn, pt: accountsPt, es: accountsEs });
  const f = useSectionFormat(props.locale, props.clinic);
  const api = accountsApi(props.client);
  const [tick, setTick] = useState(0);
  const users = useLoaded(() => api.users(), String(tick));
  const calendars = useLoaded(
    async () => (await props.client.calendars()).filter((c) => c.kind === "provider"),
    "calendars",
  );
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [link, setLink] = useState<InviteAnswer | undefined>(undefined);
  const [editing, setEditing] = useState<StaffUser | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  // The button that opened the edit form gets focus back when it closes.
  const opener = useRef<HTMLElement | null>(null);
  const reload = () => setTick((n) => n + 1);

  /** Runs a change; a refusal goes to `refuse` (beside its field) or to the section's alert. */
  const run = async <T,>(
    action: () => Promise<T>,
    done: (result: T) => string,
    refuse?: (refusal: Refusal) => void,
  ): Promise<boolean> => {
    setBusy(true);
    setNotice(undefined);
    try {
      const result = await action();
      setNotice({ kind: "ok", text: done(result) });
      reload();
      return true;
    } catch (e) {
      const refusal = refusalOf(e, t);
      if (refuse && refusal.field) refuse(refusal);
      else setNotice({ kind: "error", text: refusal.text });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const calendarName = (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id;

  return (
    <SectionFrame id="bw-x-accounts" title={t.title}>
      <p>{t.intro}</p>
      <Announce notice={notice} />
      {link && <InviteLink t={t} answer={link} until={f.dateTime(link.expiresAt)} />}
      {users.error && <p class="bw-s-error">{users.error}</p>}
      {!users.data && !users.error && <p class="bw-s-meta">{t.loading}</p>}
      {users.data && (
        <div class="bw-x-scroll">
          <table>
            <caption>{t.users}</caption>
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.calendars}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.twoFactor}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>{t.roles[u.role] ?? u.role}</td>
                  <td>
                    {u.role === "provider"
                      ? u.calendarIds.map(calendarName).join(", ") || "—"
                      : t.allCalendars}
                  </td>
                  <td>{!u.active ? t.deactivated : u.passwordSet ? t.active : t.invited}</td>
                  <td>{u.totpEnabled ? t.on : t.off}</td>
                  <td>
                    <div class="bw-x-row">
                      <button
                        type="button"
                        class="bw-s-btn"
                        aria-label={t.change(u.name)}
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          setEditing(u);
                        }}
                      >
                        {t.edit}
                      </button>
                      {u.active && !u.passwordSet && (
                        <button
                          type="button"
                          class="bw-s-btn"
                          disabled={busy}
                          onClick={() =>
                            void run(
                              () => api.reinvite(u.id),
                              (answer) => {
                                setLink(answer);
                                return t.invitedNotice(answer.user.name);
                              },
                            )
                          }
                        >
                          {t.reinvite(u.name)}
                        </button>
                      )}
                      <button
                        type="button"
                        class={u.active ? "bw-s-btn bw-s-btn-danger" : "bw-s-btn"}
                        disabled={busy}
                        onClick={() =>
                          void run(
                            () => api.update(u.id, { active: !u.active }),
                            (user) =>
                              user.active
                                ? t.reactivatedNotice(user.name)
                                : t.deactivatedNotice(user.name),
                          )
                        }
                      >
                        {u.active ? t.deactivate(u.name) : t.reactivate(u.name)}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <EditUser
          key={editing.id}
          t={t}
          api={api}
          user={editing}
          calendars={calendars.data ?? []}
          busy={busy}
          run={run}
          close={() => {
            setEditing(undefined);
            opener.current?.focus();
          }}
        />
      )}
      <InviteForm
        t={t}
        api={api}
        calendars={calendars.data ?? []}
        busy={busy}
        run={run}
        invited={setLink}
      />
    </SectionFrame>
  );
}

type Run = <T>(
  action: () => Promise<T>,
  done: (result: T) => string,
  refuse?: (refusal: Refusal) => void,
) => Promise<boolean>;

/** The link of the last invite, to hand over when no e-mail goes out. */
function InviteLink(props: { t: AccountsTexts; answer: InviteAnswer; until: string }) {
  const { t, answer } = props;
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="bw-x-accounts-link">
      <h3 id="bw-x-accounts-link">{t.linkTitle}</h3>
      <p>{t.linkIntro(props.until)}</p>
      <div class="bw-x-row">
        <label>
          {t.linkTitle} — {answer.user.email}
          <input readOnly value={answer.inviteUrl} size={60} />
        </label>
        <button
          type="button"
          class="bw-s-btn"
          onClick={() =>
            void navigator.clipboard?.writeText(answer.inviteUrl).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t.copy}
        </button>
        <span role="status">{copied ? t.copied : ""}</span>
      </div>
    </section>
  );
}

/** The ticked values of the checkboxes named `name` in a form. */
function ticked(form: HTMLFormElement, name: string): string[] {
  return new FormData(form).getAll(name).map(String);
}

/** A role select and, for a provider, the calendars they may see. */
function RoleAndCalendars(props: {
  t: AccountsTexts;
  role: string;
  setRole: (role: string) => void;
  calendars: StaffCalendar[];
  chosen: readonly string[];
  refusal: Refusal | undefined;
}): JSX.Element {
  const { t, refusal } = props;
  const mine = refusal?.field === "role" || refusal?.field === "calendarIds";
  return (
    <>
      <label>
        {t.role}
        <select
          name="role"
          value={props.role}
          onChange={(e) => props.setRole(e.currentTarget.value)}
          aria-invalid={refusal?.field === "role" ? true : undefined}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </label>
      {props.role === "provider" && (
        <fieldset class="bw-x-wide">
          <legend>{t.calendars}</legend>
          <p class="bw-s-meta">{t.calendarsHint}</p>
          <div class="bw-x-checks">
            {props.calendars.map((c) => (
              <label class="bw-x-check" key={c.id}>
                <input
                  type="checkbox"
                  name="calendarIds"
                  value={c.id}
                  defaultChecked={props.chosen.includes(c.id)}
                />
                {c.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {mine && (
        <p class="bw-s-error bw-x-wide" role="alert">
          {refusal.text}
        </p>
      )}
    </>
  );
}

/** The form that invites a new user. */
function InviteForm(props: {
  t: AccountsTexts;
  api: AccountsApi;
  calendars: StaffCalendar[];
  busy: boolean;
  run: Run;
  invited: (answer: InviteAnswer) => void;
}): JSX.Element {
  const { t } = props;
  const [role, setRole] = useState<string>("front_desk");
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    const el = event.currentTarget as HTMLFormElement;
    const data = new FormData(el);
    setRefusal(undefined);
    void props
      .run(
        () =>
          props.api.invite({
            email: String(data.get("email") ?? "").trim(),
            name: String(data.get("name") ?? "").trim(),
            role,
            calendarIds: role === "provider" ? ticked(el, "calendarIds") : [],
          }),
        (answer) => {
          props.invited(answer);
          return t.invitedNotice(answer.user.name);
        },
        setRefusal,
      )
      .then((ok) => {
        if (ok) {
          el.reset();
          setRole("front_desk");
        }
      });
  };
  return (
    <section aria-labelledby="bw-x-accounts-invite">
      <h3 id="bw-x-accounts-invite">{t.inviteTitle}</h3>
      <p>{t.inviteIntro}</p>
      <form class="bw-x-form" onSubmit={submit} noValidate aria-label={t.inviteTitle}>
        <AccountField label={t.name} name="name" autocomplete="off" refusal={refusal} />
        <AccountField
          label={t.email}
          name="email"
          type="email"
          autocomplete="off"
          refusal={refusal}
        />
        <RoleAndCalendars
          t={t}
          role={role}
          setRole={setRole}
          calendars={props.calendars}
          chosen={[]}
          refusal={refusal}
        />
        <div class="bw-x-wide">
          <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={props.busy}>
            {t.send}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The form that changes a user's name, role and calendars. */
function EditUser(props: {
  t: AccountsTexts;
  api: AccountsApi;
  user: StaffUser;
  calendars: StaffCalendar[];
  busy: boolean;
  run: Run;
  close: () => void;
}): JSX.Element {
  const { t, user } = props;
  const [role, setRole] = useState(user.role);
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens below the list: focus moves to it.
  useLayoutEffect(() => heading.current?.focus(), []);
  const submit = (event: Event) => {
    event.preventDefault();
    const el = event.currentTarget as HTMLFormElement;
    const data = new FormData(el);
    setRefusal(undefined);
    void props
      .run(
        () =>
          props.api.update(user.id, {
            name: String(data.get("name") ?? "").trim(),
            role,
            ...(role === "provider" ? { calendarIds: ticked(el, "calendarIds") } : {}),
          }),
        (saved) => t.saved(saved.name),
        setRefusal,
      )
      .then((ok) => ok && props.close());
  };
  return (
    <section aria-labelledby="bw-x-accounts-edit">
      <h3 id="bw-x-accounts-edit" tabIndex={-1} ref={heading}>
        {t.editTitle(user.name)}
      </h3>
      <form class="bw-x-form" onSubmit={submit} noValidate aria-label={t.editTitle(user.name)}>
        <AccountField label={t.name} name="name" defaultValue={user.name} refusal={refusal} />
        <RoleAndCalendars
          t={t}
          role={role}
          setRole={setRole}
          calendars={props.calendars}
          chosen={user.calendarIds}
          refusal={refusal}
        />
        <div class="bw-x-wide bw-x-row">
          <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={props.busy}>
            {t.save}
          </button>
          <button type="button" class="bw-s-btn" onClick={props.close}>
            {t.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
