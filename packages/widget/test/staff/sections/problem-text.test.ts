// How the staff app words a failed request (issue 16): the server's problem as it came (already in
// the screen's language, see the server's Accept-Language), the fields named by the section's
// labels where it has them, else by their path.

import { describe, expect, it } from "vitest";
import { StaffApiError } from "../../../src/staff/api.js";
import { problemText } from "../../../src/staff/sections/section-kit.js";

describe("problemText", () => {
  const refused = new StaffApiError({
    status: 400,
    code: "VALIDATION_FAILED",
    title: "O pedido não é válido",
    detail: "Dados inválidos: reason pode ter no máximo 500 caracteres",
    errors: [
      { field: "reason", message: "pode ter no máximo 500 caracteres" },
      { field: "client.email", message: "tem de ser um endereço de e-mail" },
    ],
  });

  it("leads with the title and names each field by the section's label, else its path", () => {
    expect(problemText(refused, { reason: "Motivo" })).toBe(
      "O pedido não é válido — Motivo: pode ter no máximo 500 caracteres — client.email: tem de ser um endereço de e-mail",
    );
  });

  it("a dotted path takes the label of its first part", () => {
    expect(problemText(refused, { client: "Paciente" })).toContain(
      "Paciente: tem de ser um endereço de e-mail",
    );
  });

  it("without field errors the detail is the text", () => {
    const missing = new StaffApiError({
      status: 404,
      code: "NOT_FOUND",
      title: "Não encontrado",
      detail: "Nenhum cliente com o id c_1",
    });
    expect(problemText(missing)).toBe("Nenhum cliente com o id c_1");
  });
});
