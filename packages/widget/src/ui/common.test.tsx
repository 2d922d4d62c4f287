import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { Heading } from "./common";

describe("Heading", () => {
  afterEach(() => {
    render(null, document.body);
  });

  it("takes focus in the same task as it appears, so a key pressed right after lands on it", () => {
    render(
      <div>
        <button type="button">Before</button>
        <Heading level={2} focus={true}>
          Cancel this appointment?
        </Heading>
      </div>,
      document.body,
    );
    // No frame or timer has run yet: a focus moved by a deferred effect would still be elsewhere.
    expect(document.activeElement?.textContent).toBe("Cancel this appointment?");
  });

  it("leaves focus alone when not asked to take it", () => {
    render(
      <Heading level={2} focus={false}>
        Your appointment
      </Heading>,
      document.body,
    );
    expect(document.activeElement?.tagName).not.toBe("H2");
  });
});
