// The staff script-tag bundle (dist/bookwell-staff.js): mounts the staff app (calendar first) for
// the <script data-api="…" data-api-key="…"> tag that loaded it, in a shadow root placed after the
// tag (or in the element named by data-target). Its sections and texts load on demand from
// dist/staff/ beside this file; they use this bundle's Preact, staff API client and English texts,
// shared here on a global.
import * as preact from "preact";
import * as hooks from "preact/hooks";
import * as jsxRuntime from "preact/jsx-runtime";
import * as staffApi from "./api.js";
import { en } from "./i18n/en.js";
import { mountStaffApp } from "./mount-app.js";
import { mountForScriptTag, staffOptionsFromAttributes } from "./mount-shared.js";
import "./script-files.js";

(
  globalThis as typeof globalThis & { __bookwellStaffRuntime?: Record<string, unknown> }
).__bookwellStaffRuntime = {
  preact,
  "preact/hooks": hooks,
  "preact/jsx-runtime": jsxRuntime,
  "bookwell-staff-api": staffApi,
  "bookwell-staff-en": { en },
};

mountForScriptTag("bookwell-staff", (host, read) => {
  mountStaffApp(host, staffOptionsFromAttributes(read));
});
