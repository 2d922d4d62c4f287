// English texts of the staff sign-in screen.

/** Every text of the sign-in screen; `{seconds}` and `{minutes}` are filled in. */
export interface SignInTexts {
  title: string;
  email: string;
  password: string;
  submit: string;
  busy: string;
  codeTitle: string;
  codeIntro: string;
  code: string;
  codeHint: string;
  verify: string;
  back: string;
  inviteTitle: string;
  inviteIntro: string;
  newPassword: string;
  newPasswordHint: string;
  confirmPassword: string;
  name: string;
  setPassword: string;
  wrongCredentials: string;
  wrongCode: string;
  locked: string;
  linkInvalid: string;
  mismatch: string;
  tooShort: string;
  required: string;
  /** Shown above the form when the server ended an open session. */
  sessionEnded: string;
  network: string;
  failed: string;
}

/** English texts of the staff sign-in screen. */
export const signInEn: SignInTexts = {
  title: "Staff sign-in",
  email: "E-mail",
  password: "Password",
  submit: "Sign in",
  busy: "Signing in…",
  codeTitle: "Verification code",
  codeIntro: "Enter the 6-digit code from your authenticator app.",
  code: "Code",
  codeHint: "No phone at hand? Enter one of your backup codes instead.",
  verify: "Verify",
  back: "Back",
  inviteTitle: "Set your password",
  inviteIntro: "Choose the password you will sign in with.",
  newPassword: "New password",
  newPasswordHint: "At least 10 characters.",
  confirmPassword: "Repeat the password",
  name: "Your name",
  setPassword: "Set password and sign in",
  wrongCredentials: "The e-mail or password is wrong.",
  wrongCode: "That code is not valid. Check the time on your phone and try a new code.",
  locked: "Too many failed attempts. Try again in {minutes} min.",
  linkInvalid: "This link is not valid or has expired. Ask your manager for a new one.",
  mismatch: "The two passwords are not the same.",
  tooShort: "The password needs at least 10 characters.",
  required: "Fill in this field.",
  sessionEnded: "Your session has ended. Sign in again to go on.",
  network: "The clinic's server cannot be reached. Check the connection and try again.",
  failed: "Something went wrong. Try again.",
};
