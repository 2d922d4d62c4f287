import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "example-node-engine", include: ["*.test.ts"] } });
