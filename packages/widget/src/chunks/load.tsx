import type { JSX } from "preact";
import { useWidget } from "../context.js";
import { type AsyncState, ErrorMessage, Loading, useAsync } from "../ui/common.js";
import { importChunk } from "./import-chunk.js";
import type { ChunkName, Chunks } from "./names.js";

const cache = new Map<ChunkName, Promise<unknown>>();
const loaded = new Map<ChunkName, unknown>();

/**
 * Starts loading a chunk (once; a failed load is tried again on the next call).
 *
 * @example
 * void loadChunk("manage"); // in parallel with the first request
 */
export function loadChunk<N extends ChunkName>(name: N): Promise<Chunks[N]> {
  let loading = cache.get(name) as Promise<Chunks[N]> | undefined;
  if (!loading) {
    loading = importChunk(name);
    loading.then(
      (chunk) => loaded.set(name, chunk),
      () => cache.delete(name),
    );
    cache.set(name, loading);
  }
  return loading;
}

/**
 * A chunk's modules when it has loaded already, else undefined.
 *
 * @example
 * readyChunk("times")?.askFirstMonth(ctx, service, "any");
 */
export function readyChunk<N extends ChunkName>(name: N): Chunks[N] | undefined {
  return loaded.get(name) as Chunks[N] | undefined;
}

/**
 * A chunk's modules in a component: loading, ready (at once when already loaded) or error, with
 * a retry.
 *
 * @example
 * const [steps, retry] = useChunk("steps");
 */
export function useChunk<N extends ChunkName>(name: N): [AsyncState<Chunks[N]>, () => void] {
  const [state, retry] = useAsync(() => loadChunk(name), [name]);
  const ready = readyChunk(name);
  return [ready ? { status: "ready", data: ready } : state, retry];
}

/**
 * Renders a chunk's part once it has loaded, with its stylesheet: a loading line before, an
 * error with a retry when it cannot load.
 *
 * @example
 * <Lazy chunk="manage">{(m) => <m.ManageApp token={token} />}</Lazy>
 */
export function Lazy<N extends ChunkName>(props: {
  chunk: N;
  children: (chunk: Chunks[N]) => JSX.Element;
}): JSX.Element {
  const ctx = useWidget();
  const [state, retry] = useChunk(props.chunk);
  if (state.status === "ready") {
    ctx.addStyles(state.data.styles);
    return props.children(state.data);
  }
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={retry} />;
  return <Loading />;
}
