// A unit of work that knows who asks. The back office and setup commands check what the caller may
// see (a provider only their calendars, their clients, those clients' cases and money), so they
// run with the request's principal beside the transaction. `UnitOfWork` does not carry it (yet);
// `asCaller` adds it without changing how the unit of work runs.

import type { Principal } from "../auth/principal.js";
import type { Command, UnitOfWork } from "./unit-of-work.js";

/** The unit of work of a command that checks what its caller may see. */
export interface CallerWork extends UnitOfWork {
  /** The staff caller; `null` for patients and payment providers. */
  readonly principal: Principal | null;
}

/** A command that needs to know who asks. */
export type CallerCommand<R> = (work: CallerWork) => Promise<R>;

/**
 * Turns a command that needs its caller into a plain command for `runCommand` / `commandReply`,
 * with the principal of `ctx` (the request, or any context naming a principal).
 *
 * @example
 * commandReply(ctx, asCaller(ctx, (work) => openCase(work, "cli_1", body)), present);
 */
export function asCaller<R>(
  ctx: { readonly principal: Principal | null },
  command: CallerCommand<R>,
): Command<R> {
  return (work) => command({ ...work, principal: ctx.principal });
}
