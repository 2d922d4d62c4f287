import { describe, expect, it } from "vitest";
import { timesStyles } from "./chunk-styles.js";
import { themeDefaults } from "./defaults.js";
import { styles } from "./styles.js";

describe("stylesheet", () => {
  it("reads every documented variable with its documented default", () => {
    for (const [name, value] of Object.entries(themeDefaults)) {
      expect(styles, name).toContain(`var(${name},${value})`);
    }
    const used = new Set([...styles.matchAll(/var\((--bookwell-[a-z-]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(themeDefaults).sort());
  });

  it("stays inside the shadow root: no @import, no url(), no page-level selectors", () => {
    expect(styles).not.toMatch(/@import|url\(/);
    expect(styles).not.toMatch(/(^|\})\s*(html|body|:root)\b/m);
    expect(styles.trimStart().startsWith(":host{all:initial;")).toBe(true);
  });

  it("keeps a visible focus indicator and 44 px targets", () => {
    expect(styles).toContain(":focus-visible{outline:3px solid var(--fo);outline-offset:2px}");
    expect(styles).toContain("min-height:44px;min-width:44px");
    // A time ("09:30 AM") never breaks across two lines inside its button.
    expect(timesStyles).toMatch(/\.bw-time\{[^}]*white-space:nowrap/);
  });
});
