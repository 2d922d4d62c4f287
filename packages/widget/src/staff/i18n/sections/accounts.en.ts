// The texts of the Team accounts and My account sections in English (the shape every language
// follows).

/** The texts of the Team accounts and My account sections. */
export const accountsEn = {
  // Team accounts (managers)
  title: "Team accounts",
  intro:
    "Everyone who signs in to this app with their own e-mail and password. Invite someone, change what they may do, or turn their access off.",
  users: "Staff users",
  name: "Name",
  email: "E-mail",
  role: "Role",
  roles: { manager: "Manager", front_desk: "Front desk", provider: "Provider" } as Record<
    string,
    string
  >,
  calendars: "Calendars",
  allCalendars: "All",
  status: "Status",
  active: "Active",
  invited: "Invited",
  deactivated: "Deactivated",
  twoFactor: "Two-factor",
  on: "On",
  off: "Off",
  edit: "Change",
  actions: "Actions",
  change: (name: string) => `Change ${name}`,
  reinvite: (name: string) => `New invite link for ${name}`,
  deactivate: (name: string) => `Deactivate ${name}`,
  reactivate: (name: string) => `Reactivate ${name}`,
  inviteTitle: "Invite someone",
  inviteIntro: "They get an e-mail with a link to set their password; the link works once.",
  calendarsHint: "A provider sees only the calendars ticked here.",
  send: "Send invite",
  invitedNotice: (name: string) => `${name} is invited.`,
  linkTitle: "Invite link",
  linkIntro: (until: string) =>
    `If your clinic sends no e-mail, give them this link yourself. It works once, until ${until}.`,
  copy: "Copy the link",
  copied: "Link copied.",
  editTitle: (name: string) => `Change ${name}`,
  save: "Save",
  cancel: "Cancel",
  saved: (name: string) => `${name} is saved.`,
  deactivatedNotice: (name: string) =>
    `${name} is deactivated: they cannot sign in, and their sessions have ended.`,
  reactivatedNotice: (name: string) => `${name} can sign in again.`,
  loading: "Loading…",
  // My account (anyone signed in)
  accountTitle: "My account",
  signedInAs: (name: string, email: string, role: string) =>
    `Signed in as ${name} (${email}), ${role}.`,
  notAUser:
    "You are signed in with an API key, not a staff account: there is no password or two-factor to manage here.",
  password: "Password",
  currentPassword: "Current password",
  newPassword: "New password",
  changePassword: "Change password",
  passwordChanged: "Your password is changed. Your other sessions have ended; this one goes on.",
  totpTitle: "Two-factor sign-in",
  totpOff: "Off. Turn it on to be asked for a code from an authenticator app after your password.",
  totpOn: (left: number) => `On. Backup codes left: ${left}.`,
  enrol: "Turn on two-factor",
  enrolIntro:
    "Add this account to your authenticator app: open the setup link on your phone, or type the secret. Then enter the code the app shows.",
  uri: "Setup link (otpauth)",
  secret: "Secret",
  code: "Code from the app",
  confirm: "Confirm and turn on",
  totpEnabled: "Two-factor sign-in is on.",
  backupTitle: "Backup codes",
  backupIntro:
    "Keep these codes somewhere safe: each works once, instead of a code from your phone. They are shown only now.",
  disable: "Turn off two-factor",
  yourPassword: "Your password",
  totpDisabled: "Two-factor sign-in is off.",
  sessionsTitle: "Sessions",
  sessionsIntro:
    "Signed in on a shared or lost device? End every session of your account, this one too.",
  everywhere: "Sign out everywhere",
  // refusals
  refused: (detail: string) => `Not accepted: ${detail}`,
  codes: {
    INVALID_CREDENTIALS: "The password is wrong.",
    INVALID_CODE: "This code is not valid. Check your phone's time and try a new code.",
    RATE_LIMITED: "Too many attempts. Try again later.",
    EMAIL_TAKEN: "Another staff user has this e-mail.",
    LAST_MANAGER: "The clinic must keep one active manager.",
    NETWORK: "Could not reach the clinic's server. Check the connection and try again.",
  } as Record<string, string>,
};

/** The texts of the Team accounts and My account sections. */
export type AccountsTexts = typeof accountsEn;
