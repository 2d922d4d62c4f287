// Component tests of the staff sign-in screen (happy-dom, a fake session client): the password
// step, the code step the server asks for, the server's refusals in the user's language (the lock
// says how long), and the invite form's own checks before anything is sent.
import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { StaffApiError } from "../../src/staff/api.js";
import type { SessionClient, StaffSessionUser } from "../../src/staff/session-client.js";
import { SignIn } from "../../src/staff/sign-in.js";

const ana: StaffSessionUser = {
  id: "usr_1",
  email: "ana@clinic.example",
  name: "Ana",
  role: "provider",
  calendarIds: ["ana"],
  active: true,
  passwordSet: true,
  totpEnabled: true,
  backupCodesLeft: 10,
};

function fakeClient(overrides: Partial<SessionClient> = {}): SessionClient {
  return {
    headers: {},
    signIn: vi.fn(async () => ({ status: "totp_required" as const, expiresAt: "x" })),
    verifyTotp: vi.fn(async () => ({ status: "signed_in" as const, user: ana, expiresAt: "x" })),
    acceptInvite: vi.fn(async () => ({ status: "signed_in" as const, user: ana, expiresAt: "x" })),
    me: vi.fn(async () => null),
    signOut: vi.fn(async () => undefined),
    signOutEverywhere: vi.fn(async () => 1),
    ...overrides,
  };
}

describe("SignIn", () => {
  it("asks for the code when the server wants one, focuses it, and signs in", async () => {
    const client = fakeClient();
    const onSignedIn = vi.fn();
    render(<SignIn client={client} onSignedIn={onSignedIn} />);
    fireEvent.input(screen.getByLabelText("E-mail"), { target: { value: "ana@clinic.example" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "secret password" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const code = await screen.findByRole("textbox", { name: "Code" });
    expect(client.signIn).toHaveBeenCalledWith("ana@clinic.example", "secret password");
    await waitFor(() => expect(document.activeElement).toBe(code));
    fireEvent.input(code, { target: { value: "492039" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(ana));
  });

  it("shows the server's refusals in the user's language, the lock with its minutes", async () => {
    const refusals = [
      new StaffApiError({ status: 401, code: "INVALID_CREDENTIALS" }),
      new StaffApiError({ status: 429, code: "RATE_LIMITED", retryAfterSeconds: 840 } as never),
    ];
    const client = fakeClient({
      signIn: vi.fn(async () => {
        throw refusals.shift();
      }),
    });
    render(<SignIn client={client} locale="es-ES" onSignedIn={() => {}} />);
    fireEvent.input(screen.getByLabelText("Correo electrónico"), {
      target: { value: "a@b.example" },
    });
    fireEvent.input(screen.getByLabelText("Contraseña"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Entrar" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "El correo o la contraseña no son correctos.",
      ),
    );
    expect(screen.getByLabelText("Contraseña").getAttribute("aria-invalid")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "Entrar" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "Demasiados intentos fallidos. Vuelva a intentarlo en 14 min.",
      ),
    );
  });

  it("an invite link sets a password: too short and mismatched passwords are caught before sending", async () => {
    const client = fakeClient();
    const onSignedIn = vi.fn();
    render(
      <SignIn
        client={client}
        locale="pt"
        inviteToken="tok_12345678901234567890"
        onSignedIn={onSignedIn}
      />,
    );
    const password = screen.getByLabelText("Nova palavra-passe");
    const repeat = screen.getByLabelText("Repita a palavra-passe");
    fireEvent.input(password, { target: { value: "curta" } });
    fireEvent.click(screen.getByRole("button", { name: "Definir palavra-passe e entrar" }));
    expect(screen.getByRole("alert").textContent).toBe(
      "A palavra-passe precisa de pelo menos 10 caracteres.",
    );
    fireEvent.input(password, { target: { value: "uma palavra longa" } });
    fireEvent.input(repeat, { target: { value: "outra palavra longa" } });
    fireEvent.click(screen.getByRole("button", { name: "Definir palavra-passe e entrar" }));
    expect(screen.getByRole("alert").textContent).toBe("As duas palavras-passe não são iguais.");
    expect(client.acceptInvite).not.toHaveBeenCalled();
    fireEvent.input(repeat, { target: { value: "uma palavra longa" } });
    fireEvent.click(screen.getByRole("button", { name: "Definir palavra-passe e entrar" }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(ana));
    expect(client.acceptInvite).toHaveBeenCalledWith({
      token: "tok_12345678901234567890",
      password: "uma palavra longa",
    });
  });
});
