// The import section's texts in Spanish.

import type { ImportTexts } from "./import.en.js";

/** Los textos de la sección de importación. */
export const importEs: ImportTexts = {
  title: "Importar",
  intro:
    "Traiga sus pacientes o servicios de otra herramienta: elija un archivo CSV (separado por comas, punto y coma o tabulaciones, como lo guarda Excel). El archivo se comprueba primero; no se guarda nada hasta que importe.",
  what: "Qué importar",
  kinds: { clients: "Pacientes", services: "Servicios" },
  file: "Archivo CSV",
  charset: "Codificación del archivo",
  utf8: "UTF-8 (Excel: CSV UTF-8)",
  latin: "Windows (Excel: CSV)",
  checking: "Comprobando el archivo…",
  checked: (rows, valid, bad) =>
    `Filas comprobadas: ${rows}. Listas para importar: ${valid}. Con errores: ${bad}. Aún no se ha guardado nada.`,
  rejected: "Este archivo no se puede importar así. Corríjalo y vuelva a elegirlo.",
  separator: "Separador",
  separators: { ",": "coma", ";": "punto y coma", "\t": "tabulación" },
  columns: "Columnas leídas",
  ignored: "ignorada",
  preview: "Primeras filas del archivo",
  line: "Línea",
  column: "Columna",
  rule: "Regla",
  problem: "Problema",
  errors: "Filas con errores",
  wholeRow: "fila entera",
  codes: {
    ENCODING: "Codificación",
    MALFORMED: "Ilegible",
    MISSING_COLUMN: "Falta la columna",
    INVALID: "Valor no válido",
    DUPLICATE: "Repetido en el archivo",
    EXISTS: "Ya existe",
  },
  fields: {
    name: "Nombre",
    email: "Correo electrónico",
    phone: "Teléfono",
    taxId: "NIF",
    notes: "Notas",
    id: "Código",
    category: "Categoría",
    duration: "Duración (minutos)",
    price: "Precio",
    discipline: "Especialidad",
  },
  fixOrSkip:
    "Corrija estas filas en su hoja de cálculo y vuelva a elegir el archivo, o importe las filas válidas y omita estas.",
  importAll: (n) => `Importar todas las filas (${n})`,
  importValid: (n, skipped) =>
    `Importar las filas válidas (${n}) y omitir las filas con errores (${skipped})`,
  importing: "Importando…",
  done: (created, skipped) => `Importación terminada. Creados: ${created}. Omitidos: ${skipped}.`,
  result: "Resultado",
  created: "Creados",
  updated: "Actualizados",
  skipped: "Omitidos",
  neverUpdates:
    "Una importación nunca cambia lo que existe: las filas iguales a un paciente o servicio existente se omiten.",
  matched: "Filas iguales a un paciente existente",
  matchedOn: (line, field) => `Línea ${line}, mismo ${field} que`,
  open: "Abrir la ficha",
  createdRows: "Pacientes creados",
  createdServices: "Servicios creados",
  another: "Importar otro archivo",
};
