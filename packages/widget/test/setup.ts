// Shared setup of the widget's vitest project: every test starts with an empty document.
import { afterEach } from "vitest";

afterEach(() => {
  document.body.innerHTML = "";
  try {
    localStorage.clear();
  } catch {
    // Storage may be unavailable in a test that removes it.
  }
});
