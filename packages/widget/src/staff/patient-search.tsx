// Finding a patient as you type (name, e-mail, phone or tax ID), paged, from the server's search
// (`GET /v1/staff/client-search`): the Patients section and the desk booking form both use it.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { StaffClient } from "./api.js";
import type { Translate } from "./i18n/index.js";

/** A patient as the search finds them. */
export interface FoundPatient {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  taxId?: string;
}

interface Page {
  clients: FoundPatient[];
  nextOffset: number | null;
}

/** Shortest query sent to the server. */
const MIN_QUERY = 2;

/**
 * Searches patients as `query` changes (after a short pause, dropping answers to older queries),
 * a page at a time; `more()` appends the next page.
 *
 * @example
 * const { results, more, hasMore } = usePatientSearch(client, query);
 */
export function usePatientSearch(
  client: StaffClient,
  query: string,
  pageSize = 20,
  delayMs = 250,
): {
  results: FoundPatient[] | null;
  busy: boolean;
  error: string | null;
  hasMore: boolean;
  more: () => void;
} {
  const [results, setResults] = useState<FoundPatient[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef("");
  const q = query.trim();

  const fetchPage = (text: string, offset: number) =>
    client.request<Page>("GET", "/client-search", {
      query: { q: text, limit: String(pageSize), offset: String(offset) },
    });

  useEffect(() => {
    asked.current = q;
    if (q.length < MIN_QUERY) {
      setResults(null);
      setNext(null);
      setBusy(false);
      return;
    }
    setBusy(true);
    const timer = setTimeout(() => {
      fetchPage(q, 0)
        .then((page) => {
          if (asked.current !== q) return;
          setResults(page.clients);
          setNext(page.nextOffset);
          setError(null);
        })
        .catch((e: unknown) => asked.current === q && setError(String((e as Error).message ?? e)))
        .finally(() => asked.current === q && setBusy(false));
    }, delayMs);
    return () => clearTimeout(timer);
  }, [client, q]);

  const more = () => {
    if (next === null) return;
    setBusy(true);
    fetchPage(q, next)
      .then((page) => {
        if (asked.current !== q) return;
        setResults((list) => [...(list ?? []), ...page.clients]);
        setNext(page.nextOffset);
      })
      .catch((e: unknown) => setError(String((e as Error).message ?? e)))
      .finally(() => setBusy(false));
  };
  return { results, busy, error, hasMore: next !== null, more };
}

/**
 * A search box with the patients it finds; each result is a button that calls `onPick`. The count
 * of results is announced.
 *
 * @example
 * <PatientSearch client={client} t={t} label={t("book.find")} onPick={(p) => choose(p)} />
 */
export function PatientSearch(props: {
  client: StaffClient;
  t: Translate;
  id: string;
  label: string;
  /** Said before each result's name to screen readers ("Choose"). */
  pickPrefix?: string | undefined;
  onPick: (patient: FoundPatient) => void;
  autoFocus?: boolean | undefined;
}): JSX.Element {
  const { t } = props;
  const [query, setQuery] = useState("");
  const search = usePatientSearch(props.client, query);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);
  const status =
    query.trim().length < MIN_QUERY
      ? query.trim()
        ? t("patients.typeMore")
        : ""
      : search.busy && !search.results
        ? t("patients.searching")
        : search.results?.length === 0
          ? t("patients.none")
          : search.results
            ? t("patients.found", { count: search.results.length })
            : "";
  return (
    <div class="bw-s-search">
      <label>
        {props.label}
        <input
          ref={input}
          type="search"
          value={query}
          autocomplete="off"
          aria-describedby={`${props.id}-status`}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <p id={`${props.id}-status`} role="status" class="bw-s-meta">
        {status}
      </p>
      {search.error && (
        <p class="bw-s-error" role="alert">
          {search.error}
        </p>
      )}
      {search.results && search.results.length > 0 && (
        <ul class="bw-s-results" aria-label={t("book.results")}>
          {search.results.map((p) => (
            <li key={p.id}>
              <button type="button" class="bw-s-result" onClick={() => props.onPick(p)}>
                <strong>
                  {props.pickPrefix && <span class="bw-sr">{props.pickPrefix}: </span>}
                  {p.name}
                </strong>
                <span class="bw-s-meta">
                  {[p.phone, p.email, p.taxId].filter(Boolean).join(" · ")}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {search.hasMore && (
        <button type="button" class="bw-s-btn" disabled={search.busy} onClick={search.more}>
          {t("patients.more")}
        </button>
      )}
    </div>
  );
}
