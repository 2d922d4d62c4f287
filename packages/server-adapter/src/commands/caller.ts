// A unit of work that knows the request it runs for. The back office and setup commands check what
// the caller may see (a provider only their calendars, their clients, those clients' cases and
// money) with the same helpers the visit commands use (`principalOf`, `visibleAppointment`, the
// back office's `visibleCase`…), which take the request's `CommandContext`. `UnitOfWork` does not
// carry it (yet); `asCaller` adds it without changing how the unit of work runs.

import type { Command, CommandContext, UnitOfWork } from "./unit-of-work.js";

/** The unit of work of a command that checks what its caller may see. */
export interface CallerWork extends UnitOfWork {
  /** The request the command runs for: its principal decides what the command may see. */
  readonly request: CommandContext;
}

/** A command that needs to know who asks. */
export type CallerCommand<R> = (work: CallerWork) => Promise<R>;

/**
 * Turns a command that needs its caller into a plain command for `runCommand` / `commandReply`,
 * run for the request `ctx`.
 *
 * @example
 * commandReply(ctx, asCaller(ctx, (work) => openCase(work, "cli_1", body)), present);
 */
export function asCaller<R>(ctx: CommandContext, command: CallerCommand<R>): Command<R> {
  return (work) => command({ ...work, request: ctx });
}
