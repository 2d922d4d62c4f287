// Pieces the staff calendar's side panels share: the panel itself (a dialog region named by its
// heading, which takes the focus; Escape closes it), the service select and the form's buttons.
import type { ComponentChildren, JSX } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { StaffService } from "./api.js";

/**
 * A side panel named by its heading; the heading takes the focus when the panel opens and again
 * when `focusKey` changes, and Escape inside it calls `onClose`.
 *
 * @example
 * <SidePanel id="bw-s-find" title="Find a time" onClose={close}>…</SidePanel>
 */
export function SidePanel(props: {
  id: string;
  title: ComponentChildren;
  focusKey?: string | undefined;
  onClose: () => void;
  children: ComponentChildren;
}): JSX.Element {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), [props.focusKey]);
  return (
    <section
      class="bw-s-panel"
      role="dialog"
      aria-labelledby={props.id}
      onKeyDown={(e) => e.key === "Escape" && props.onClose()}
    >
      <h3 id={props.id} tabIndex={-1} ref={heading}>
        {props.title}
      </h3>
      {props.children}
    </section>
  );
}

/**
 * A labelled select of services, each with its duration ("Physiotherapy session (45 min)").
 *
 * @example
 * <ServiceSelect services={services} value={serviceId} onChange={setServiceId} />
 */
export function ServiceSelect(props: {
  services: readonly StaffService[];
  value: string;
  onChange: (id: string) => void;
  /** The label (default "Service"). */
  label?: string | undefined;
}): JSX.Element {
  return (
    <label>
      {props.label ?? "Service"}
      <select
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.durationMinutes ? ` (${s.durationMinutes} min)` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A side panel form's buttons: its primary submit button (named `submit`, off while `disabled`)
 * and Close, which calls `onClose`.
 *
 * @example
 * <PanelActions submit="Search" disabled={!ready || busy} onClose={close} />
 */
export function PanelActions(props: {
  submit: string;
  disabled: boolean;
  onClose: () => void;
  /** The close button's text (default "Close"). */
  close?: string | undefined;
}): JSX.Element {
  return (
    <div class="bw-s-actions">
      <button type="submit" class="bw-s-btn bw-s-btn-primary" disabled={props.disabled}>
        {props.submit}
      </button>
      <button type="button" class="bw-s-btn" onClick={props.onClose}>
        {props.close ?? "Close"}
      </button>
    </div>
  );
}
