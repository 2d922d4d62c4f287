// Shared setup of the widget's vitest project: every test starts with an empty document, and
// findBy*/waitFor wait long enough for a cold first render on a busy 2-core CI machine.
import { configure } from "@testing-library/preact";
import { afterEach } from "vitest";

configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  // Browser tests run in the node environment: nothing to clean there.
  if (typeof document === "undefined") return;
  document.body.innerHTML = "";
  try {
    localStorage.clear();
  } catch {
    // Storage may be unavailable in a test that removes it.
  }
});
