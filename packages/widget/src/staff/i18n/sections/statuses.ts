// The names of the visit statuses in the sections' texts (checkout, reports), one set per
// language, so that both sections name a status alike.

/** The status names in English. */
export const statusNamesEn: Record<string, string> = {
  booked: "Booked",
  confirmed: "Confirmed",
  arrived: "Arrived",
  started: "Started",
  completed: "Completed",
  no_show: "No-show",
  canceled: "Canceled",
  rebooked: "Rebooked",
};

/** The status names in Portuguese. */
export const statusNamesPt: Record<string, string> = {
  booked: "Marcada",
  confirmed: "Confirmada",
  arrived: "Chegou",
  started: "Em curso",
  completed: "Concluída",
  no_show: "Faltou",
  canceled: "Cancelada",
  rebooked: "Remarcada",
};

/** The status names in Spanish. */
export const statusNamesEs: Record<string, string> = {
  booked: "Reservada",
  confirmed: "Confirmada",
  arrived: "Llegó",
  started: "En curso",
  completed: "Completada",
  no_show: "No vino",
  canceled: "Cancelada",
  rebooked: "Reprogramada",
};
