// Requests a widget starts before the part that shows their answer has rendered (issue 18, the
// first time button): the clinic and the catalog while bookwell.js is still drawing its loading
// line, in parallel with each other and with the chunks, instead of one after another from the
// effects of the parts that need them. Each started request is taken once, by that part; a retry
// (or a later mount) asks the server again. Keys: "clinic", and the catalog's language ("en").

const started = new WeakMap<object, Record<string, Promise<unknown> | undefined>>();

/**
 * Starts a request now, for a part that renders later and takes it with {@link takeEarly}
 * (per `owner`, usually the widget's API client).
 *
 * @example
 * startEarly(api, "clinic", api.getClinic());
 */
export function startEarly(owner: object, key: string, request: Promise<unknown>): void {
  const requests = started.get(owner) ?? {};
  started.set(owner, requests);
  // Its failure is reported to the part that takes it, not as an unhandled rejection meanwhile.
  request.catch(() => undefined);
  requests[key] = request;
}

/**
 * The request started for `key` by {@link startEarly}, once (undefined when none was started or
 * it was taken already).
 *
 * @example
 * const clinic = await (takeEarly<ClinicResponse>(api, "clinic") ?? api.getClinic(signal));
 */
export function takeEarly<T>(owner: object, key: string): Promise<T> | undefined {
  const requests = started.get(owner);
  const request = requests?.[key] as Promise<T> | undefined;
  if (requests) requests[key] = undefined;
  return request;
}
