import type { JSX } from "preact";
import { useRef } from "preact/hooks";
import type { Slot } from "../api/types.js";
import { useWidget } from "../context.js";
import { focusStep, Loading } from "../ui/common.js";
import type { TakenState } from "./flow.js";

/**
 * "Sorry, someone else booked 09:30 a moment ago" with the nearest free times as buttons.
 * It takes focus when it appears, so keyboard and screen-reader users land on the choices.
 *
 * @example
 * <TakenPanel taken={taken} providerNames={names} onPick={hold} onDismiss={close} />
 */
export function TakenPanel(props: {
  taken: TakenState;
  providerNames: ReadonlyMap<string, string>;
  showProvider: boolean;
  pending: string | null;
  onPick(slot: Slot): void;
  onDismiss(): void;
}): JSX.Element {
  const { i18n } = useWidget();
  // Focus moves as the panel is committed (its ref), once per refused time.
  const last = useRef<string | null>(null);
  const wanted = props.taken.wanted.start;
  const ref = (el: HTMLDivElement | null) => {
    if (el && last.current !== wanted) el.focus();
    if (el) last.current = wanted;
  };
  const alternatives = props.taken.alternatives;
  return (
    <div class="bw-alert bw-alert-warning bw-taken" ref={ref} tabIndex={-1} role="alert">
      <p>
        {i18n.t(
          props.taken.gone
            ? i18n.m.slotGone
            : props.taken.full
              ? i18n.m.classFull
              : i18n.m.slotTaken,
          {
            when: i18n.when(props.taken.wanted.start),
          },
        )}
      </p>
      {alternatives === null ? <Loading /> : null}
      {alternatives && alternatives.length > 0 ? (
        <>
          <p>{i18n.m.alternativesIntro}</p>
          <ul class="bw-time-list bw-alternatives">
            {alternatives.map((slot) => {
              const provider = props.showProvider
                ? props.providerNames.get(slot.providerId)
                : undefined;
              return (
                <li key={`${slot.start}|${slot.providerId}`}>
                  <button
                    type="button"
                    class="bw-time bw-time-wide"
                    aria-busy={props.pending === slot.start ? "true" : undefined}
                    aria-disabled={props.pending ? "true" : undefined}
                    onClick={() => {
                      if (!props.pending) props.onPick(slot);
                    }}
                  >
                    {i18n.when(slot.start)}
                    {provider ? (
                      <span class="bw-time-provider">
                        {" "}
                        {i18n.t(i18n.m.withProvider, { provider })}
                      </span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {alternatives && alternatives.length === 0 ? <p>{i18n.m.noAlternatives}</p> : null}
      <button
        type="button"
        class="bw-link"
        onClick={(event) => {
          focusStep(event.currentTarget);
          props.onDismiss();
        }}
      >
        {i18n.m.chooseAnother}
      </button>
    </div>
  );
}
