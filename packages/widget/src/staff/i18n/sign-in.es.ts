// Spanish texts of the staff sign-in screen.

import type { SignInTexts } from "./sign-in.en.js";

/** Spanish texts of the staff sign-in screen. */
export const signInEs: SignInTexts = {
  title: "Acceso del personal",
  email: "Correo electrónico",
  password: "Contraseña",
  submit: "Entrar",
  busy: "Entrando…",
  codeTitle: "Código de verificación",
  codeIntro: "Introduzca el código de 6 dígitos de su aplicación de autenticación.",
  code: "Código",
  codeHint: "¿No tiene el móvil? Introduzca uno de sus códigos de respaldo.",
  verify: "Verificar",
  back: "Volver",
  inviteTitle: "Elija su contraseña",
  inviteIntro: "Elija la contraseña con la que entrará.",
  newPassword: "Nueva contraseña",
  newPasswordHint: "Al menos 10 caracteres.",
  confirmPassword: "Repita la contraseña",
  name: "Su nombre",
  setPassword: "Guardar contraseña y entrar",
  wrongCredentials: "El correo o la contraseña no son correctos.",
  wrongCode: "Ese código no es válido. Compruebe la hora del móvil y pruebe un código nuevo.",
  locked: "Demasiados intentos fallidos. Vuelva a intentarlo en {minutes} min.",
  linkInvalid: "Este enlace no es válido o ha caducado. Pida uno nuevo a su responsable.",
  mismatch: "Las dos contraseñas no coinciden.",
  tooShort: "La contraseña necesita al menos 10 caracteres.",
  required: "Rellene este campo.",
  sessionEnded: "Tu sesión ha terminado. Vuelve a iniciar sesión para continuar.",
  network:
    "No se puede contactar con el servidor de la clínica. Compruebe la conexión e inténtelo de nuevo.",
  failed: "Algo ha fallado. Inténtelo de nuevo.",
};
