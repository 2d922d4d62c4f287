import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "engine",
    include: ["src/**/*.test.ts", "bench/**/*.test.ts"],
    // Property tests do real work; a shared 2-core machine must not turn them into timeouts.
    testTimeout: 60_000,
  },
});
