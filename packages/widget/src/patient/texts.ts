// The texts of the patient page and the waitlist form, in English, Portuguese and Spanish. They
// live with the module (loaded with its chunk), apart from the booking flow's messages.

/** A language the patient page speaks. */
export type PatientLanguage = "en" | "pt" | "es";

/** The texts of the patient page and the waitlist join form. */
export interface PatientTexts {
  title: string;
  signInIntro: string;
  email: string;
  sendLink: string;
  linkSent: string;
  signingIn: string;
  linkInvalid: string;
  upcoming: string;
  past: string;
  none: string;
  series: string;
  seriesLine: (upcoming: number, total: number) => string;
  packages: string;
  invoices: string;
  download: (number: string) => string;
  cancel: (what: string) => string;
  confirmCancel: string;
  keep: string;
  canceled: string;
  status: Record<string, string>;
  signOut: string;
  waitlistTitle: string;
  waitlistIntro: string;
  name: string;
  phone: string;
  optional: string;
  days: string;
  weekdayNames: string[];
  fromTime: string;
  toTime: string;
  join: string;
  joined: string;
  error: string;
  move: (what: string) => string;
  pickTime: (what: string) => string;
  moved: string;
  noTimes: string;
  waitingFor: string;
  leave: (what: string) => string;
  left: string;
  offerTitle: string;
  offerHeld: (until: string) => string;
  offerOpen: string;
  offerBook: string;
  offerBooked: (when: string) => string;
  offerGone: string;
  /** The fee that applies from booking the offered time. */
  offerFee: (fee: string) => string;
  offerConsent: string;
}

const en: PatientTexts = {
  title: "My visits",
  signInIntro: "Enter the e-mail you booked with. We will send you a sign-in link.",
  email: "E-mail",
  sendLink: "Send me a sign-in link",
  linkSent:
    "If this e-mail has visits here, a sign-in link is on its way. It works once, for 15 minutes.",
  signingIn: "Signing you in…",
  linkInvalid: "This sign-in link has expired or was already used. Ask for a new one.",
  upcoming: "Upcoming visits",
  past: "Past visits",
  none: "None.",
  series: "Series",
  seriesLine: (upcoming, total) => `${upcoming} of ${total} sessions still ahead`,
  packages: "Packages",
  invoices: "Invoices",
  download: (number) => `Download ${number} (PDF)`,
  cancel: (what) => `Cancel ${what}`,
  confirmCancel: "Yes, cancel it",
  keep: "Keep it",
  canceled: "The visit is canceled.",
  status: {
    booked: "Booked",
    confirmed: "Confirmed",
    canceled: "Canceled",
    completed: "Done",
    no_show: "Missed",
  },
  signOut: "Sign out",
  waitlistTitle: "Join the waitlist",
  waitlistIntro: "No time suits you? We will tell you when one frees up.",
  name: "Name",
  phone: "Phone",
  optional: "optional",
  days: "Days that suit you",
  weekdayNames: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  fromTime: "From",
  toTime: "Until",
  join: "Join the waitlist",
  joined: "You are on the waitlist. We will write when a time frees up.",
  error: "Something went wrong. Please try again.",
  move: (what) => `Change the time of ${what}`,
  pickTime: (what) => `New times for ${what}`,
  moved: "The visit was moved.",
  noTimes: "No free times in the next two weeks.",
  waitingFor: "On the waitlist",
  leave: (what) => `Leave the waitlist for ${what}`,
  left: "You left the waitlist.",
  offerTitle: "A time freed up for you",
  offerHeld: (until) => `It is held for you until ${until}.`,
  offerOpen: "Everyone waiting was told: the first to book it gets it.",
  offerBook: "Book this time",
  offerBooked: (when) => `Booked: ${when}. The confirmation is on its way by e-mail.`,
  offerGone: "This time is no longer available.",
  offerFee: (fee) =>
    `This time is inside the clinic's cancellation window: cancelling it costs ${fee} from the moment you book.`,
  offerConsent: "I accept the cancellation fee.",
};

const pt: PatientTexts = {
  title: "As minhas consultas",
  signInIntro: "Indique o e-mail com que marcou. Enviamos-lhe um link de acesso.",
  email: "E-mail",
  sendLink: "Enviar link de acesso",
  linkSent:
    "Se este e-mail tiver consultas aqui, o link de acesso está a caminho. Funciona uma vez, durante 15 minutos.",
  signingIn: "A entrar…",
  linkInvalid: "Este link de acesso expirou ou já foi usado. Peça um novo.",
  upcoming: "Próximas consultas",
  past: "Consultas anteriores",
  none: "Nenhuma.",
  series: "Séries",
  seriesLine: (upcoming, total) => `faltam ${upcoming} de ${total} sessões`,
  packages: "Pacotes",
  invoices: "Faturas",
  download: (number) => `Descarregar ${number} (PDF)`,
  cancel: (what) => `Cancelar ${what}`,
  confirmCancel: "Sim, cancelar",
  keep: "Manter",
  canceled: "A consulta foi cancelada.",
  status: {
    booked: "Marcada",
    confirmed: "Confirmada",
    canceled: "Cancelada",
    completed: "Realizada",
    no_show: "Falta",
  },
  signOut: "Sair",
  waitlistTitle: "Entrar na lista de espera",
  waitlistIntro: "Nenhuma hora lhe serve? Avisamos quando vagar uma.",
  name: "Nome",
  phone: "Telefone",
  optional: "opcional",
  days: "Dias que lhe servem",
  weekdayNames: ["Segunda", "Terça", "Quarta", "Quinta", "Sexta", "Sábado", "Domingo"],
  fromTime: "Das",
  toTime: "Até às",
  join: "Entrar na lista de espera",
  joined: "Está na lista de espera. Escrevemos-lhe quando vagar uma hora.",
  error: "Algo correu mal. Tente de novo.",
  move: (what) => `Mudar a hora de ${what}`,
  pickTime: (what) => `Novas horas para ${what}`,
  moved: "A consulta foi mudada.",
  noTimes: "Não há horas livres nas próximas duas semanas.",
  waitingFor: "Na lista de espera",
  leave: (what) => `Sair da lista de espera de ${what}`,
  left: "Saiu da lista de espera.",
  offerTitle: "Vagou uma hora para si",
  offerHeld: (until) => `Está reservada para si até ${until}.`,
  offerOpen: "Todos os que esperavam foram avisados: fica com ela quem marcar primeiro.",
  offerBook: "Marcar esta hora",
  offerBooked: (when) => `Marcado: ${when}. A confirmação segue por e-mail.`,
  offerGone: "Esta hora já não está disponível.",
  offerFee: (fee) =>
    `Esta hora está dentro do prazo de cancelamento da clínica: cancelar custa ${fee} a partir do momento em que marca.`,
  offerConsent: "Aceito a taxa de cancelamento.",
};

const es: PatientTexts = {
  title: "Mis citas",
  signInIntro: "Indique el correo con el que reservó. Le enviaremos un enlace de acceso.",
  email: "Correo electrónico",
  sendLink: "Enviarme un enlace de acceso",
  linkSent:
    "Si este correo tiene citas aquí, el enlace de acceso está en camino. Funciona una vez, durante 15 minutos.",
  signingIn: "Entrando…",
  linkInvalid: "Este enlace de acceso caducó o ya se usó. Pida uno nuevo.",
  upcoming: "Próximas citas",
  past: "Citas anteriores",
  none: "Ninguna.",
  series: "Series",
  seriesLine: (upcoming, total) => `quedan ${upcoming} de ${total} sesiones`,
  packages: "Bonos",
  invoices: "Facturas",
  download: (number) => `Descargar ${number} (PDF)`,
  cancel: (what) => `Cancelar ${what}`,
  confirmCancel: "Sí, cancelar",
  keep: "Mantener",
  canceled: "La cita está cancelada.",
  status: {
    booked: "Reservada",
    confirmed: "Confirmada",
    canceled: "Cancelada",
    completed: "Realizada",
    no_show: "Ausencia",
  },
  signOut: "Salir",
  waitlistTitle: "Apuntarse a la lista de espera",
  waitlistIntro: "¿Ninguna hora le va bien? Le avisamos cuando se libere una.",
  name: "Nombre",
  phone: "Teléfono",
  optional: "opcional",
  days: "Días que le van bien",
  weekdayNames: ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"],
  fromTime: "Desde",
  toTime: "Hasta",
  join: "Apuntarme a la lista de espera",
  joined: "Está en la lista de espera. Le escribiremos cuando se libere una hora.",
  error: "Algo salió mal. Inténtelo de nuevo.",
  move: (what) => `Cambiar la hora de ${what}`,
  pickTime: (what) => `Nuevas horas para ${what}`,
  moved: "La cita se cambió.",
  noTimes: "No hay horas libres en las próximas dos semanas.",
  waitingFor: "En la lista de espera",
  leave: (what) => `Salir de la lista de espera de ${what}`,
  left: "Salió de la lista de espera.",
  offerTitle: "Se liberó una hora para usted",
  offerHeld: (until) => `Está reservada para usted hasta ${until}.`,
  offerOpen: "Avisamos a todos los que esperaban: la reserva quien confirme primero.",
  offerBook: "Reservar esta hora",
  offerBooked: (when) => `Reservado: ${when}. La confirmación llegará por correo.`,
  offerGone: "Esta hora ya no está disponible.",
  offerFee: (fee) =>
    `Esta hora está dentro del plazo de cancelación de la clínica: cancelarla cuesta ${fee} desde el momento de la reserva.`,
  offerConsent: "Acepto la tarifa de cancelación.",
};

/** The texts of each language. */
export const PATIENT_TEXTS: Record<PatientLanguage, PatientTexts> = { en, pt, es };

/**
 * The patient page's language for a BCP 47 locale (English when it speaks neither Portuguese nor
 * Spanish).
 *
 * @example
 * patientLanguage("pt-PT"); // "pt"
 */
export function patientLanguage(locale: string | undefined): PatientLanguage {
  const language = (locale ?? "").toLowerCase().split(/[-_]/)[0];
  return language === "pt" || language === "es" ? language : "en";
}
