// Finds, in the TypeScript source, every English message the API can send: the custom messages of
// zod schemas (`.min(1, "must not be empty")`, `{ message: "…" }`, `ctx.addIssue({ message })`),
// hand-made field errors (`{ field, message }`) and the details of `new BookwellError(CODE, "…")`.
// Template literals come back with `{}` for each `${…}`, as the catalog's `{name}` placeholders
// normalize to, so the catalog test can tell a message has no translation.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** One English message found in the source, with where it is. */
export interface FoundMessage {
  text: string;
  where: string;
}

/** What the scan found: field messages (zod and hand-made) and problem details. */
export interface ScanResult {
  fields: FoundMessage[];
  details: FoundMessage[];
}

// zod methods whose string argument is the message (never a value to check against).
const MESSAGE_METHODS = new Set([
  "min",
  "max",
  "length",
  "regex",
  "int",
  "refine",
  "superRefine",
  "email",
  "url",
  "string",
  "number",
  "boolean",
  "nonnegative",
  "positive",
  "gte",
  "lte",
  "gt",
  "lt",
  "addIssue",
  "array",
  "multipleOf",
  "check",
]);

/**
 * Normalizes a catalog template (`must be at most {maximum} characters`) or a scanned template
 * to the form both compare in (`must be at most {} characters`).
 *
 * @example
 * normalizeTemplate("No client with id {id}"); // "No client with id {}"
 */
export function normalizeTemplate(text: string): string {
  return text.replace(/\{[A-Za-z]+\}/g, "{}");
}

// Helpers of the server and the engine whose second argument is a field message.
const FIELD_MESSAGE_HELPERS = new Set(["invalid", "fieldError", "refuse"]);

function textsOf(node: ts.Node): string[] {
  if (ts.isParenthesizedExpression(node)) return textsOf(node.expression);
  if (ts.isConditionalExpression(node)) {
    return [...textsOf(node.whenTrue), ...textsOf(node.whenFalse)];
  }
  const text = textOf(node);
  return text === undefined ? [] : [text];
}

function textOf(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join("");
  }
  return undefined;
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node.parent; at !== undefined; at = at.parent) {
    if (ts.isFunctionDeclaration(at)) return at.name?.text;
    if (ts.isArrowFunction(at) || ts.isFunctionExpression(at)) {
      const holder = at.parent;
      return holder !== undefined &&
        ts.isVariableDeclaration(holder) &&
        ts.isIdentifier(holder.name)
        ? holder.name.text
        : undefined;
    }
  }
  return undefined;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

function scanFile(path: string, result: ScanResult, zodOnly: boolean): void {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const where = (node: ts.Node) =>
    `${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      if (MESSAGE_METHODS.has(node.expression.name.text)) {
        for (const arg of node.arguments) {
          for (const text of textsOf(arg)) result.fields.push({ text, where: where(arg) });
          if (ts.isObjectLiteralExpression(arg)) {
            for (const property of arg.properties) {
              if (
                ts.isPropertyAssignment(property) &&
                ts.isIdentifier(property.name) &&
                (property.name.text === "message" || property.name.text === "error")
              ) {
                for (const found of textsOf(property.initializer)) {
                  result.fields.push({ text: found, where: where(property) });
                }
              }
            }
          }
        }
      }
    }
    if (!zodOnly && ts.isObjectLiteralExpression(node)) {
      const names = new Map<string, ts.Expression>();
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) {
          names.set(property.name.text, property.initializer);
        }
      }
      const message = names.get("message");
      if (names.has("field") && message !== undefined) {
        for (const text of textsOf(message)) result.fields.push({ text, where: where(message) });
      }
    }
    if (!zodOnly && ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const message = node.arguments[1];
      if (FIELD_MESSAGE_HELPERS.has(node.expression.text) && message !== undefined) {
        for (const text of textsOf(message)) result.fields.push({ text, where: where(message) });
      }
    }
    // `const message = "…"`, and what a `…Problem` function returns, are field messages.
    if (
      !zodOnly &&
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === "message" &&
      node.initializer !== undefined
    ) {
      // A sentence (capitalized) is a problem's detail, else a field's message.
      for (const text of textsOf(node.initializer)) {
        (/^[A-Z]/.test(text) ? result.details : result.fields).push({ text, where: where(node) });
      }
    }
    // `REASON_TEXT`-style maps of plain words that become problem details.
    if (
      !zodOnly &&
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text.endsWith("_TEXT") &&
      node.initializer !== undefined &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      for (const property of node.initializer.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        for (const text of textsOf(property.initializer)) {
          result.details.push({ text, where: where(property) });
        }
      }
    }
    if (!zodOnly && ts.isReturnStatement(node) && node.expression !== undefined) {
      const fn = enclosingFunctionName(node);
      if (fn?.endsWith("Problem")) {
        for (const text of textsOf(node.expression)) {
          result.fields.push({ text, where: where(node) });
        }
      }
    }
    if (
      !zodOnly &&
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "BookwellError"
    ) {
      const detail = node.arguments?.[1];
      for (const text of detail === undefined ? [] : textsOf(detail)) {
        result.details.push({ text, where: where(detail as ts.Node) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/**
 * Scans the server's `src/` (details, field errors, zod messages) and the engine's `src/` (its
 * field issues reach the API as `VALIDATION_FAILED` field errors).
 *
 * @example
 * scanMessages(serverSrc, engineSrc).fields.length; // > 50
 */
export function scanMessages(serverSrc: string, engineSrc: string): ScanResult {
  const result: ScanResult = { fields: [], details: [] };
  for (const file of listFiles(serverSrc)) {
    if (file.includes("problems-i18n")) continue;
    scanFile(file, result, false);
  }
  const engine: ScanResult = { fields: [], details: [] };
  for (const file of listFiles(engineSrc)) scanFile(file, engine, false);
  // The engine's own error details are not the API's (they become the code's title), and its
  // sentences (capitalized, ending in a period) are booking-rule violations, not field messages.
  result.fields.push(...engine.fields.filter((f) => !/^[A-Z{]|\.$/.test(f.text)));
  return result;
}
