import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Hold } from "../api/types.js";
import { useWidget } from "../context.js";

/** Props of {@link HoldTimer}. */
export interface HoldTimerProps {
  hold: Hold;
  /** Extends the hold on the server; resolves with the new hold. */
  onExtend(): Promise<void>;
  onExpired(): void;
}

/**
 * Seconds left before an expiry, given the local clock and the server's clock offset.
 *
 * @example
 * secondsLeft("2026-03-03T09:10:00Z", Date.parse("2026-03-03T09:08:30Z"), 0); // 90
 */
export function secondsLeft(expiresAt: string, now: number, clockOffset: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - (now + clockOffset)) / 1000));
}

/**
 * "m:ss" for a number of seconds.
 *
 * @example
 * clock(75); // "1:15"
 */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The visible countdown of a hold (role=timer, not live), an alert when it is about to run out
 * (WCAG 2.2.1: at least 20 s before), and a button to extend it at any time.
 *
 * @example
 * <HoldTimer hold={hold} onExtend={extend} onExpired={expired} />
 */
export function HoldTimer(props: HoldTimerProps): JSX.Element {
  const ctx = useWidget();
  const { i18n } = ctx;
  const warnAt = Math.max(20, ctx.options.holdWarningSeconds ?? 60);
  const left = () => secondsLeft(props.hold.expiresAt, ctx.now(), ctx.api.clockOffset());
  const [seconds, setSeconds] = useState(left);
  const [warning, setWarning] = useState<string | null>(null);
  const [extending, setExtending] = useState(false);
  const expired = useRef(false);

  useEffect(() => {
    expired.current = false;
    setWarning(null);
    const tick = () => {
      const value = left();
      setSeconds(value);
      if (value <= 0 && !expired.current) {
        expired.current = true;
        props.onExpired();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [props.hold.expiresAt]);

  // The warning sentence is fixed when it first appears, so the alert is announced once.
  useEffect(() => {
    if (seconds > 0 && seconds <= warnAt && warning === null) {
      setWarning(i18n.plural(i18n.m.holdWarning, seconds));
    }
  }, [seconds, warnAt, warning]);

  async function extend() {
    setExtending(true);
    try {
      await props.onExtend();
    } finally {
      setExtending(false);
    }
  }

  const urgent = seconds <= warnAt;
  return (
    <div class={`bw-hold${urgent ? " bw-hold-urgent" : ""}`}>
      <p class="bw-hold-clock">
        <span id={ctx.id("hold-label")}>{i18n.m.timeLeft}</span>{" "}
        <span role="timer" aria-labelledby={ctx.id("hold-label")} class="bw-hold-time">
          {clock(seconds)}
        </span>
      </p>
      {warning ? (
        <p role="alert" class="bw-hold-warning">
          {warning}
        </p>
      ) : null}
      <button
        type="button"
        class={urgent ? "bw-button bw-button-primary" : "bw-button"}
        aria-disabled={extending ? "true" : undefined}
        onClick={() => {
          if (!extending) void extend();
        }}
      >
        {i18n.m.extendHold}
      </button>
    </div>
  );
}
