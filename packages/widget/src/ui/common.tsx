import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { BookwellApiError } from "../api/client.js";
import { useWidget } from "../context.js";
import type { I18n } from "../i18n/index.js";

/** State of one request made by a component. */
export type AsyncState<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; error: unknown };

/**
 * Runs an async loader when its key changes; aborts the previous run; `reload()` retries.
 *
 * @example
 * const [state, reload] = useAsync((signal) => api.getServices(signal), ["services"]);
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: readonly unknown[],
): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "ready", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", error });
      },
    );
    return () => controller.abort();
  }, [...key, attempt]);
  return [state, () => setAttempt((n) => n + 1)];
}

/**
 * A patient-facing sentence for an error thrown by the API client.
 *
 * @example
 * errorText(i18n, new BookwellApiError({ status: 0, code: "NETWORK" })); // "We could not reach…"
 */
export function errorText(i18n: I18n, error: unknown): string {
  if (error instanceof BookwellApiError) {
    if (error.code === "NETWORK") return i18n.m.errorNetwork;
    // Also a 429, but waiting is not the answer: finish or let go of a held time.
    if (error.code === "HOLD_LIMIT_REACHED") return i18n.m.errorHoldLimit;
    // A manage link whose visit was moved since (by the patient elsewhere or by the clinic).
    if (error.code === "CONFLICT" && error.problem.reason === "MOVED") return i18n.m.manageMoved;
    // 429 is always RATE_LIMITED (also from a proxy that sends no problem body).
    if (error.status === 429) {
      return i18n.plural(i18n.m.errorRateLimited, error.retryAfter ?? 30);
    }
    if (error.code === "NOT_FOUND") return i18n.m.manageNotFound;
  }
  return i18n.m.errorGeneric;
}

/**
 * Moves focus to the current step's heading, for a control that is about to go away with the
 * part it sits in (a dismissed alert, an error replaced by "loading"), so focus is not dropped
 * to the page.
 *
 * @example
 * focusStep(event.currentTarget); close();
 */
export function focusStep(from: EventTarget | null): void {
  (from as Element | null)?.closest(".bw")?.querySelector<HTMLElement>(".bw-heading")?.focus();
}

/**
 * An error message announced as an alert, with an optional retry button.
 *
 * @example
 * <ErrorMessage error={state.error} onRetry={reload} />
 */
export function ErrorMessage(props: { error: unknown; onRetry?: () => void }): JSX.Element {
  const { i18n } = useWidget();
  return (
    <div class="bw-alert bw-alert-error" role="alert">
      <p>{errorText(i18n, props.error)}</p>
      {props.onRetry ? (
        <button
          type="button"
          class="bw-button"
          onClick={(event) => {
            focusStep(event.currentTarget);
            props.onRetry?.();
          }}
        >
          {i18n.m.retry}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A loading placeholder (announced by the live region, so it is not itself live).
 *
 * @example
 * <Loading />
 */
export function Loading(props: { label?: string }): JSX.Element {
  const { i18n } = useWidget();
  return (
    <p class="bw-loading">
      <span class="bw-spinner" aria-hidden="true" />
      {props.label ?? i18n.m.loading}
    </p>
  );
}

/**
 * A heading of the given level that can take focus (tabindex=-1) when `focus` turns truthy or,
 * as a number, changes.
 *
 * @example
 * <Heading level={3} focus={stepChanged}>Choose a service</Heading>
 */
export function Heading(props: {
  level: number;
  focus?: boolean | number;
  id?: string;
  children: ComponentChildren;
}): JSX.Element {
  // Focus moves as the heading is committed (its ref), not in an effect a frame later, so a key
  // pressed the moment the step appears lands on it; again only when `focus` changes.
  const last = useRef<boolean | number | undefined>(undefined);
  const ref = (el: HTMLHeadingElement | null) => {
    if (!el) return;
    if (props.focus && props.focus !== last.current) el.focus();
    last.current = props.focus;
  };
  const level = Math.min(6, Math.max(1, props.level));
  const Tag = `h${level}` as "h2";
  return (
    <Tag ref={ref} tabIndex={-1} class="bw-heading" id={props.id}>
      {props.children}
    </Tag>
  );
}

/**
 * A back button.
 *
 * @example
 * <BackButton onClick={() => go("service")} />
 */
export function BackButton(props: { onClick: () => void; label?: string }): JSX.Element {
  const { i18n } = useWidget();
  return (
    <button type="button" class="bw-link bw-back" onClick={props.onClick}>
      <span aria-hidden="true">← </span>
      {props.label ?? i18n.m.back}
    </button>
  );
}

/**
 * A definition list summarising a visit.
 *
 * @example
 * <Summary rows={[["Service", "Massage"], ["When", "Tuesday 3 March, 09:30"]]} />
 */
export function Summary(props: {
  rows: Array<[string, ComponentChildren] | null | false>;
}): JSX.Element {
  return (
    <dl class="bw-summary">
      {props.rows.map((row) =>
        row ? (
          <div key={row[0]}>
            <dt>{row[0]}</dt>
            <dd>{row[1]}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
