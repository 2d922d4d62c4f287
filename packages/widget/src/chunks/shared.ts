// The modules dist/bookwell.js shares with its chunks (see shared-keys.ts). Only the script-tag
// build imports this module (import-chunk-script.ts).
import { signal, useSignal } from "@preact/signals";
import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { jsx, jsxs } from "preact/jsx-runtime";
import { BookwellApiError, newIdempotencyKey } from "../api/client.js";
import { useWidget } from "../context.js";
import {
  BackButton,
  ErrorMessage,
  errorText,
  focusStep,
  Heading,
  Loading,
  Summary,
  useAsync,
} from "../ui/common.js";
import type { SharedModules } from "./shared-keys.js";

/**
 * The shared modules by key, for this bookwell.js's registry (read by the chunks it loads).
 *
 * @example
 * Object.assign(registry().modules, sharedModules);
 */
export const sharedModules: SharedModules = {
  preact: {},
  "preact/hooks": { useEffect, useMemo, useRef, useState },
  "preact/jsx-runtime": { Fragment, jsx, jsxs },
  "@preact/signals": { signal, useSignal },
  "api/client": { BookwellApiError, newIdempotencyKey },
  context: { useWidget },
  "ui/common": {
    BackButton,
    ErrorMessage,
    Heading,
    Loading,
    Summary,
    errorText,
    focusStep,
    useAsync,
  },
};
