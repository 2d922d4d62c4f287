// The audit section's texts in Spanish.

import type { AuditTexts } from "./audit.en.js";

/** Los textos de la sección de auditoría. */
export const auditEs: AuditTexts = {
  title: "Registro de auditoría",
  filters: "Filtros",
  visit: "Cita (id)",
  patient: "Paciente",
  anyPatient: "Cualquier paciente",
  user: "Usuario",
  anyUser: "Cualquiera",
  from: "Desde",
  to: "Hasta (incluido)",
  apply: "Mostrar",
  clear: "Quitar filtros",
  loading: "Cargando…",
  none: "No se registró nada con estos filtros.",
  when: "Cuándo",
  who: "Quién",
  what: "Qué",
  about: "Sobre",
  details: "Detalles",
  more: "Mostrar más",
  count: (n) => `${n} entradas mostradas`,
  entity: {
    appointment: "Cita",
    client: "Paciente",
    invoice: "Factura",
    credit_note: "Factura rectificativa",
    payment: "Pago",
    package: "Bono",
    charge: "Cargo",
    case: "Caso",
  },
};
