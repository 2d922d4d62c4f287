// The reports section's texts in Spanish.

import type { ReportsTexts } from "./reports.en.js";
import { statusNamesEs } from "./statuses.js";

/** Los textos de la sección de informes. */
export const reportsEs: ReportsTexts = {
  title: "Informes",
  month: "Mes",
  therapist: "Terapeuta",
  allTherapists: "Todos los terapeutas",
  loading: "Cargando…",
  downloadFor: (month) => `Descargar el informe de ${month} en CSV`,
  figures: (month) => `Cifras de ${month}`,
  sessionsPerPatient: "Sesiones por paciente",
  noShowRate: "Tasa de ausencias",
  taxIdShare: "Pacientes con NIF",
  revenuePerHour: "Ingresos por hora reservada",
  revenue: "Ingresos",
  netPayments: "Pagos recibidos",
  completed: "Citas completadas",
  patients: "Pacientes",
  none: "—",
  ofTotal: (part, total) => `${part} de ${total}`,
  patientsChart: "Pacientes nuevos y recurrentes",
  newPatients: "Nuevos",
  recurringPatients: "Recurrentes",
  statusChart: "Citas por estado",
  revenueChart: "Ingresos por terapeuta",
  table: "Tabla de datos",
  label: "Etiqueta",
  value: "Valor",
  chartSummary: (title, parts) => `${title}: ${parts}`,
  statuses: statusNamesEs,
  noProvider: "Sin terapeuta",
  clinicRevenue: "Clínica (sin terapeuta)",
};
