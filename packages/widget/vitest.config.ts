import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "widget",
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 15_000,
  },
});
