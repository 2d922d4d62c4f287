// Text that PostgreSQL (and so PGlite) can store: no NUL character (text and jsonb refuse U+0000)
// and no unpaired UTF-16 surrogate (jsonb refuses `\ud800`, text would silently become U+FFFD).
// Checked once at the boundary, for every string and object key a request carries.

import type { ProblemFieldError } from "../errors.js";

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The message of a field whose text cannot be stored. */
export const UNSTORABLE_MESSAGE =
  "must be valid text: no NUL characters (\\u0000) and no unpaired surrogates";

/**
 * Whether a string can be stored as PostgreSQL `text` / `jsonb` unchanged.
 *
 * @example
 * isStorableText("Maria"); // true
 * isStorableText("a\u0000b"); // false
 * isStorableText("\ud800"); // false (an unpaired surrogate)
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !UNPAIRED.test(value);
}

/**
 * The fields of a parsed JSON value (or a record of query / path parameters) whose strings or
 * object keys cannot be stored, named by their dotted path under `prefix` (`client.name`,
 * `from`). Walks iteratively, so a deeply nested body cannot overflow the stack.
 *
 * @example
 * unstorableFields({ client: { name: "a\u0000" } }); // [{ field: "client.name", message: "must be valid text: …" }]
 */
export function unstorableFields(value: unknown, prefix = ""): ProblemFieldError[] {
  const found: ProblemFieldError[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: prefix }];
  while (stack.length > 0 && found.length < 20) {
    const item = stack.pop() as { value: unknown; path: string };
    const current = item.value;
    if (typeof current === "string") {
      if (!isStorableText(current)) {
        found.push({ field: item.path || "(body)", message: UNSTORABLE_MESSAGE });
      }
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) {
        stack.push({ value: current[i], path: join(item.path, String(i)) });
      }
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string, unknown];
        const path = join(item.path, key);
        if (!isStorableText(key)) {
          found.push({ field: join(item.path, JSON.stringify(key)), message: UNSTORABLE_MESSAGE });
          continue;
        }
        stack.push({ value: child, path });
      }
    }
  }
  return found;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
