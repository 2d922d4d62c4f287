// "Remember me on this device": the patient's name, e-mail and phone in localStorage, only after
// they ticked the box, and removed by the "Forget my details" button. Notes are never stored.

/** What is remembered. */
export interface RememberedDetails {
  name: string;
  email: string;
  phone: string;
}

/** The storage to use: the given one, `null` for none, or `localStorage` when not given. */
function storeOf(storage: Storage | null | undefined): Storage | null {
  if (storage !== undefined) return storage;
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Access throws in sandboxed frames and with storage blocked.
    return null;
  }
}

/**
 * A storage key per API and clinic, so two clinics on one site never share details.
 *
 * @example
 * rememberKey("https://clinic.example/api", "lisbon"); // "bookwell:patient:v1:https://clinic.example/api|lisbon"
 */
export function rememberKey(api: string, clinic: string | undefined): string {
  return `bookwell:patient:v1:${api}|${clinic ?? ""}`;
}

/**
 * Reads remembered details, or `null` when there are none (or storage is unavailable).
 *
 * @example
 * loadRemembered(localStorage, key)?.email;
 */
export function loadRemembered(
  storage: Storage | null | undefined,
  key: string,
): RememberedDetails | null {
  const store = storeOf(storage);
  if (!store) return null;
  try {
    const raw = store.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<RememberedDetails>;
    if (typeof value.name !== "string" || typeof value.email !== "string") return null;
    return {
      name: value.name,
      email: value.email,
      phone: typeof value.phone === "string" ? value.phone : "",
    };
  } catch {
    return null;
  }
}

/**
 * Stores details (only call this after the patient consented).
 *
 * @example
 * saveRemembered(localStorage, key, { name: "Ana", email: "ana@example.com", phone: "" });
 */
export function saveRemembered(
  storage: Storage | null | undefined,
  key: string,
  details: RememberedDetails,
): void {
  try {
    // The caller passes exactly the name, e-mail and phone (never notes).
    storeOf(storage)?.setItem(key, JSON.stringify(details));
  } catch {
    // Full or blocked storage: nothing is remembered.
  }
}

/**
 * Removes remembered details.
 *
 * @example
 * forgetRemembered(localStorage, key);
 */
export function forgetRemembered(storage: Storage | null | undefined, key: string): void {
  try {
    storeOf(storage)?.removeItem(key);
  } catch {
    // Nothing to forget when storage is unavailable.
  }
}

/**
 * Whether remembering is possible at all (storage exists and accepts writes).
 *
 * @example
 * if (canRemember(options.storage)) showCheckbox();
 */
export function canRemember(storage: Storage | null | undefined): boolean {
  return storeOf(storage) !== null;
}
