import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 90_000,
    env: { BLENDER_AGENT_LOG_LEVEL: "warn", BLENDER_AGENT_LOG_FILE: "test-output/sidecar-test.log" },
    projects: [
      // No Blender: the protocol, metrics, the agent's pure parts, providers against local
      // servers, records, the add-on's wire code in plain python3. `npm run test:unit`.
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"], pool: "threads", isolate: false } },
      // Real Blender, real processes. Suites start Blender: keep files sequential on a 2-core machine.
      { extends: true, test: { name: "blender", include: ["test/*.test.ts"], fileParallelism: false } },
    ],
  },
});
