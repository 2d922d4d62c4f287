// The test page of the sign-in e2e test: the staff app's sign-in screen as the shell mounts it (in
// a shadow root with the staff stylesheet), then who is signed in and a sign-out button. Bundled by
// the test with esbuild; the staff app shell wires the same exports.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  createSessionClient,
  inviteTokenFrom,
  type StaffSessionInfo,
} from "../../src/staff/session-client.js";
import { SignIn } from "../../src/staff/sign-in.js";
import { staffStyles } from "../../src/staff/styles.js";

const host = document.getElementById("app") as HTMLElement;
const root = host.attachShadow({ mode: "open" });
const sheet = new CSSStyleSheet();
sheet.replaceSync(staffStyles);
root.adoptedStyleSheets = [sheet];
const client = createSessionClient({ api: host.dataset.api ?? "/api" });
const locale = host.dataset.locale;

function Page() {
  const [session, setSession] = useState<StaffSessionInfo | null | undefined>(undefined);
  const load = () => client.me().then(setSession);
  useEffect(() => {
    void load();
  }, []);
  if (session === undefined) return <p>…</p>;
  if (session === null) {
    const invite = inviteTokenFrom(location.hash);
    return (
      <div class="bw-s">
        <SignIn
          client={client}
          locale={locale}
          inviteToken={invite}
          onSignedIn={() => {
            history.replaceState(null, "", location.pathname);
            void load();
          }}
        />
      </div>
    );
  }
  return (
    <div class="bw-s">
      <h2>Front desk</h2>
      <p data-testid="who">
        {session.user?.name} ({session.role})
      </p>
      <button type="button" class="bw-s-btn" onClick={() => client.signOut().then(load)}>
        Sign out
      </button>
    </div>
  );
}

render(<Page />, root);
