// The test page of the sign-in e2e test: the real staff app, mounted as a clinic's page would mount
// it on the API's own origin with no API key — so it runs on a staff account's session cookie and
// shows the sign-in screen (or an invite link's set-a-password screen) until someone signs in.
// Bundled by the test with esbuild.

import { mountStaffApp } from "../../src/staff/mount-app.js";

const host = document.getElementById("app") as HTMLElement;
mountStaffApp(host, { api: host.dataset.api ?? "/api", locale: host.dataset.locale });
