/**
 * Returns a deep copy of a plain JSON-like value with every object and array frozen, so a
 * document snapshot can never change, whatever happens to the inputs it was built from.
 *
 * @example
 * const snap = deepFreezeCopy({ lines: [{ gross: 100 }] });
 * Object.isFrozen(snap.lines[0]); // true
 */
export function deepFreezeCopy<T>(value: T): T {
  return freeze(structuredClone(value));
}

function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
