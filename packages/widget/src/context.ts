import { type Signal, signal } from "@preact/signals";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "./api/client.js";
import type { Clinic, Slot } from "./api/types.js";
import type { I18n } from "./i18n/index.js";
import type { WidgetEvent, WidgetOptions } from "./options.js";

/** Everything one mounted widget shares between its components. */
export interface WidgetContext {
  options: WidgetOptions;
  api: ApiClient;
  clinic: Clinic;
  i18n: I18n;
  now(): number;
  /** Text for the widget's polite live region (role=status). */
  status: Signal<string>;
  announce(message: string): void;
  emit(event: WidgetEvent): void;
  /**
   * Slots fetched or on their way, keyed by service|provider|month, with the time they were
   * asked for.
   */
  slotCache: Map<string, { at: number; slots: Promise<Slot[]> }>;
  /** Heading levels: the widget title and the steps below it. */
  level: { title: number; step: number; sub: number };
  /** Adds the stylesheet of a part loaded on demand to this widget's shadow root (once). */
  addStyles(css: string): void;
  /** Unique prefix for element ids of this widget instance. */
  id(suffix: string): string;
}

/**
 * Creates the live-region state of a widget.
 *
 * @example
 * const { status, announce } = createAnnouncer(); announce("4 times free on Tuesday 3 March.");
 */
export function createAnnouncer(): { status: Signal<string>; announce(message: string): void } {
  const status = signal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    status,
    announce(message) {
      // Clear first so that the same sentence twice is announced twice.
      status.value = "";
      clearTimeout(timer);
      timer = setTimeout(() => {
        status.value = message;
      }, 50);
    },
  };
}

export const Ctx = createContext<WidgetContext | null>(null);

/**
 * The current widget's context (throws outside a widget).
 *
 * @example
 * const { i18n, api } = useWidget();
 */
export function useWidget(): WidgetContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("Bookwell: no widget context");
  return ctx;
}
