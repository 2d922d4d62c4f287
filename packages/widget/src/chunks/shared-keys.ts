// The modules dist/bookwell.js shares with the chunks it loads (dist/chunks/*.js), with the names
// the chunks use: a chunk's import of one of these reads bookwell.js's instance from the registry
// instead of bundling a copy. Shared are what must exist once (Preact and its hooks, the signals
// runtime, the widget context, the API error class that `instanceof` checks) and the first
// screen's UI helpers; stateless helpers the first screen does not need (dates, slots…) are
// bundled into each chunk that uses them. Keys are
// package names or paths relative to src/ without extension. tsup.config.ts maps the imports (an
// import of a name missing here fails the chunk build); shared.ts provides exactly these names
// (checked by its type). Only the names listed are kept in bookwell.js for the chunks.
export const sharedNames = {
  preact: [],
  "preact/hooks": ["useEffect", "useMemo", "useRef", "useState"],
  "preact/jsx-runtime": ["Fragment", "jsx", "jsxs"],
  "@preact/signals": ["signal", "useSignal"],
  "api/client": ["BookwellApiError", "newIdempotencyKey"],
  context: ["useWidget"],
  "ui/common": [
    "BackButton",
    "ErrorMessage",
    "Heading",
    "Loading",
    "Summary",
    "errorText",
    "focusStep",
    "useAsync",
  ],
} as const;

/** The shared modules and their names, as shared.ts must provide them. */
export type SharedModules = {
  -readonly [K in keyof typeof sharedNames]: Record<(typeof sharedNames)[K][number], unknown>;
};
