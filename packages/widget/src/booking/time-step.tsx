import type { JSX } from "preact";
import type { Service, Slot } from "../api/types.js";
import { useWidget, type WidgetContext } from "../context.js";
import { dayKeyOf } from "../lib/dates.js";
import { errorText, Summary } from "../ui/common.js";
import type { FlowControls } from "./flow.js";
import { policySentence } from "./policy-sentence.js";
import { SlotPicker } from "./slot-picker.js";
import { firstBookableDay, monthSlots, showTaken, unavailable } from "./slots.js";
import { TakenPanel } from "./taken-panel.js";

export { timesStyles as styles } from "../theme/chunk-styles.js";

/**
 * The booking's time step: the chosen service and its cancellation policy, the month grid and
 * times, and the "taken" panel; picking a time holds it and moves on to the details.
 *
 * @example
 * <TimeStep controls={controls} refresh={0} />
 */
export function TimeStep(props: { controls: FlowControls; refresh: number }): JSX.Element {
  const ctx = useWidget();
  const { api, i18n } = ctx;
  const { controls } = props;
  const { flow, service } = controls;
  const taken = flow.taken.value;

  async function pick(slot: Slot) {
    controls.preloadDetails();
    flow.pendingStart.value = slot.start;
    flow.notice.value = null;
    ctx.announce(i18n.m.holding);
    controls.releaseHold();
    try {
      const { hold } = await api.createHold({
        serviceId: service.id,
        providerId: flow.providerId.value,
        start: slot.start,
      });
      flow.hold.value = hold;
      flow.taken.value = null;
      controls.go("details");
    } catch (error) {
      if (unavailable(error)) await showTaken(ctx, controls, slot, error);
      else flow.notice.value = errorText(i18n, error);
    } finally {
      flow.pendingStart.value = null;
    }
  }

  return (
    <>
      <Summary
        rows={[
          [i18n.m.summaryService, `${service.name} · ${i18n.duration(service.durationMinutes)}`],
          service.providerIds.length > 1 || flow.providerId.value !== "any"
            ? [i18n.m.summaryProvider, controls.providerLabel(flow.providerId.value)]
            : null,
        ]}
      />
      <PolicyNote text={policySentence(i18n, service.cancellationPolicy)} />
      {taken ? (
        <TakenPanel
          taken={taken}
          providerNames={controls.providerNames}
          showProvider={flow.providerId.value === "any"}
          pending={flow.pendingStart.value}
          onPick={(slot) => void pick(slot)}
          onDismiss={() => {
            flow.taken.value = null;
          }}
        />
      ) : null}
      <SlotPicker
        key={`${service.id}|${flow.providerId.value}|${props.refresh}`}
        serviceId={service.id}
        providerId={flow.providerId.value}
        initialDay={taken ? dayKeyOf(taken.wanted.start, ctx.clinic.timeZone) : undefined}
        pending={flow.pendingStart.value}
        limits={service}
        capacity={service.capacity}
        onPick={(slot) => void pick(slot)}
        onShown={() => whenIdle(controls.preloadDetails)}
      />
    </>
  );
}

/**
 * Asks for the first month of a service's times now, before the time step renders: its picker
 * then takes the answer (or the request on its way) from the slot cache.
 *
 * @example
 * askFirstMonth(ctx, service, "any");
 */
export function askFirstMonth(ctx: WidgetContext, service: Service, providerId: string): void {
  const month = firstBookableDay(ctx, service).slice(0, 7);
  const classes = service.capacity > 1;
  // A failure is the picker's to show, when it asks for the same month.
  monthSlots(ctx, service.id, providerId, month, undefined, undefined, classes).catch(
    () => undefined,
  );
}

/** Runs `task` when the page is next idle (at the latest after 2 s), or soon without idle callbacks. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 50);
}

function PolicyNote(props: { text: string | null }): JSX.Element | null {
  return props.text ? <p class="bw-note">{props.text}</p> : null;
}
