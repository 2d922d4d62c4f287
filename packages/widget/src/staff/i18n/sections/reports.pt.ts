// The reports section's texts in Portuguese.

import type { ReportsTexts } from "./reports.en.js";
import { statusNamesPt } from "./statuses.js";

/** Os textos da secção de relatórios. */
export const reportsPt: ReportsTexts = {
  title: "Relatórios",
  month: "Mês",
  therapist: "Terapeuta",
  allTherapists: "Todos os terapeutas",
  loading: "A carregar…",
  downloadFor: (month) => `Descarregar o relatório de ${month} em CSV`,
  figures: (month) => `Números de ${month}`,
  sessionsPerPatient: "Sessões por paciente",
  noShowRate: "Taxa de faltas",
  taxIdShare: "Pacientes com NIF",
  revenuePerHour: "Receita por hora marcada",
  revenue: "Receita",
  netPayments: "Pagamentos recebidos",
  completed: "Consultas concluídas",
  patients: "Pacientes",
  none: "—",
  ofTotal: (part, total) => `${part} de ${total}`,
  patientsChart: "Pacientes novos e recorrentes",
  newPatients: "Novos",
  recurringPatients: "Recorrentes",
  statusChart: "Consultas por estado",
  revenueChart: "Receita por terapeuta",
  table: "Tabela de dados",
  label: "Rótulo",
  value: "Valor",
  chartSummary: (title, parts) => `${title}: ${parts}`,
  statuses: statusNamesPt,
  noProvider: "Sem terapeuta",
  clinicRevenue: "Clínica (sem terapeuta)",
};
