// The texts of the Team accounts and My account sections in Spanish.

import type { AccountsTexts } from "./accounts.en.js";

/** Los textos de las secciones Cuentas del equipo y Mi cuenta. */
export const accountsEs: AccountsTexts = {
  title: "Cuentas del equipo",
  intro:
    "Todas las personas que entran en esta aplicación con su e-mail y contraseña. Invite a alguien, cambie lo que puede hacer o desactive su acceso.",
  users: "Usuarios del equipo",
  name: "Nombre",
  email: "E-mail",
  role: "Función",
  roles: { manager: "Dirección", front_desk: "Recepción", provider: "Terapeuta" },
  calendars: "Agendas",
  allCalendars: "Todas",
  status: "Estado",
  active: "Activo",
  invited: "Invitado",
  deactivated: "Desactivado",
  twoFactor: "Doble factor",
  on: "Sí",
  off: "No",
  edit: "Cambiar",
  actions: "Acciones",
  change: (name) => `Cambiar ${name}`,
  reinvite: (name) => `Nuevo enlace de invitación para ${name}`,
  deactivate: (name) => `Desactivar ${name}`,
  reactivate: (name) => `Reactivar ${name}`,
  inviteTitle: "Invitar a alguien",
  inviteIntro:
    "Recibe un e-mail con un enlace para definir su contraseña; el enlace funciona una sola vez.",
  calendarsHint: "Un terapeuta solo ve las agendas marcadas aquí.",
  send: "Enviar invitación",
  invitedNotice: (name) => `${name} está invitado.`,
  linkTitle: "Enlace de invitación",
  linkIntro: (until) =>
    `Si la clínica no envía e-mails, entréguele este enlace. Funciona una vez, hasta ${until}.`,
  copy: "Copiar el enlace",
  copied: "Enlace copiado.",
  editTitle: (name) => `Cambiar ${name}`,
  save: "Guardar",
  cancel: "Cancelar",
  saved: (name) => `${name} está guardado.`,
  deactivatedNotice: (name) =>
    `${name} está desactivado: ya no puede entrar y sus sesiones han terminado.`,
  reactivatedNotice: (name) => `${name} puede volver a entrar.`,
  loading: "Cargando…",
  accountTitle: "Mi cuenta",
  signedInAs: (name, email, role) => `Sesión iniciada como ${name} (${email}), ${role}.`,
  notAUser:
    "Ha entrado con una clave de API, no con una cuenta del equipo: aquí no hay contraseña ni doble factor que gestionar.",
  password: "Contraseña",
  currentPassword: "Contraseña actual",
  newPassword: "Nueva contraseña",
  changePassword: "Cambiar la contraseña",
  passwordChanged: "La contraseña ha cambiado. Sus otras sesiones han terminado; esta sigue.",
  totpTitle: "Entrada con doble factor",
  totpOff:
    "Desactivada. Actívela para que se le pida un código de su aplicación de autenticación después de la contraseña.",
  totpOn: (left) => `Activada. Códigos de recuperación restantes: ${left}.`,
  enrol: "Activar doble factor",
  enrolIntro:
    "Añada esta cuenta a su aplicación de autenticación: abra el enlace de configuración en el móvil o escriba el secreto. Después introduzca el código que muestra la aplicación.",
  uri: "Enlace de configuración (otpauth)",
  secret: "Secreto",
  code: "Código de la aplicación",
  confirm: "Confirmar y activar",
  totpEnabled: "La entrada con doble factor está activada.",
  backupTitle: "Códigos de recuperación",
  backupIntro:
    "Guarde estos códigos en un lugar seguro: cada uno funciona una vez, en lugar de un código del móvil. Solo se muestran ahora.",
  disable: "Desactivar doble factor",
  yourPassword: "Su contraseña",
  totpDisabled: "La entrada con doble factor está desactivada.",
  sessionsTitle: "Sesiones",
  sessionsIntro:
    "¿Ha entrado en un dispositivo compartido o perdido? Termine todas las sesiones de su cuenta, también esta.",
  everywhere: "Cerrar sesión en todas partes",
  refused: (detail) => `No aceptado: ${detail}`,
  codes: {
    INVALID_CREDENTIALS: "La contraseña es incorrecta.",
    INVALID_CODE: "Ese código no es válido. Compruebe la hora del móvil y pruebe un código nuevo.",
    RATE_LIMITED: "Demasiados intentos. Inténtelo más tarde.",
    EMAIL_TAKEN: "Otro usuario del equipo ya tiene este e-mail.",
    LAST_MANAGER: "La clínica debe mantener un gerente activo.",
    NETWORK:
      "No se pudo contactar con el servidor de la clínica. Compruebe la conexión e inténtelo de nuevo.",
  },
};
