// The import section's texts in Portuguese.

import type { ImportTexts } from "./import.en.js";

/** Os textos da secção de importação. */
export const importPt: ImportTexts = {
  title: "Importar",
  intro:
    "Traga os seus pacientes ou serviços de outra ferramenta: escolha um ficheiro CSV (separado por vírgulas, ponto e vírgula ou tabulações, como o Excel o guarda). O ficheiro é verificado primeiro; nada é guardado até importar.",
  what: "O que importar",
  kinds: { clients: "Pacientes", services: "Serviços" },
  file: "Ficheiro CSV",
  charset: "Codificação do ficheiro",
  utf8: "UTF-8 (Excel: CSV UTF-8)",
  latin: "Windows (Excel: CSV)",
  checking: "A verificar o ficheiro…",
  checked: (rows, valid, bad) =>
    `Linhas verificadas: ${rows}. Prontas a importar: ${valid}. Com erros: ${bad}. Ainda nada foi guardado.`,
  rejected: "Este ficheiro não pode ser importado assim. Corrija-o e escolha-o de novo.",
  separator: "Separador",
  separators: { ",": "vírgula", ";": "ponto e vírgula", "\t": "tabulação" },
  columns: "Colunas lidas",
  ignored: "ignorada",
  preview: "Primeiras linhas do ficheiro",
  line: "Linha",
  column: "Coluna",
  rule: "Regra",
  problem: "Problema",
  errors: "Linhas com erros",
  wholeRow: "linha inteira",
  codes: {
    ENCODING: "Codificação",
    MALFORMED: "Ilegível",
    MISSING_COLUMN: "Coluna em falta",
    INVALID: "Valor inválido",
    DUPLICATE: "Repetido no ficheiro",
    EXISTS: "Já existe",
  },
  fields: {
    name: "Nome",
    email: "E-mail",
    phone: "Telefone",
    taxId: "NIF",
    notes: "Notas",
    id: "Código",
    category: "Categoria",
    duration: "Duração (minutos)",
    price: "Preço",
    discipline: "Especialidade",
  },
  fixOrSkip:
    "Corrija estas linhas na sua folha de cálculo e escolha o ficheiro de novo, ou importe as linhas válidas e ignore estas.",
  importAll: (n) => `Importar todas as linhas (${n})`,
  importValid: (n, skipped) =>
    `Importar as linhas válidas (${n}) e ignorar as linhas com erros (${skipped})`,
  importing: "A importar…",
  done: (created, skipped) => `Importação concluída. Criados: ${created}. Ignorados: ${skipped}.`,
  result: "Resultado",
  created: "Criados",
  updated: "Atualizados",
  skipped: "Ignorados",
  neverUpdates:
    "Uma importação nunca altera o que existe: as linhas iguais a um paciente ou serviço existente são ignoradas.",
  matched: "Linhas iguais a um paciente existente",
  matchedOn: (line, field) => `Linha ${line}, mesmo ${field} que`,
  open: "Abrir a ficha",
  createdRows: "Pacientes criados",
  createdServices: "Serviços criados",
  another: "Importar outro ficheiro",
};
