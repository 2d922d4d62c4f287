// The audit section's texts in Portuguese.

import type { AuditTexts } from "./audit.en.js";

/** Os textos da secção de auditoria. */
export const auditPt: AuditTexts = {
  title: "Registo de auditoria",
  filters: "Filtros",
  visit: "Consulta (id)",
  patient: "Paciente",
  anyPatient: "Qualquer paciente",
  user: "Utilizador",
  anyUser: "Qualquer pessoa",
  from: "De",
  to: "Até (inclusive)",
  apply: "Mostrar",
  clear: "Limpar filtros",
  loading: "A carregar…",
  none: "Nada foi registado com estes filtros.",
  when: "Quando",
  who: "Quem",
  what: "O quê",
  about: "Sobre",
  details: "Detalhes",
  more: "Mostrar mais",
  count: (n) => `${n} registos mostrados`,
  entity: {
    appointment: "Consulta",
    client: "Paciente",
    invoice: "Fatura",
    credit_note: "Nota de crédito",
    payment: "Pagamento",
    package: "Pacote",
    charge: "Encargo",
    case: "Processo",
  },
};
