import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Suites start real Blender processes: keep files sequential on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    env: { BLENDER_AGENT_LOG_LEVEL: "warn", BLENDER_AGENT_LOG_FILE: "test-output/sidecar-test.log" },
  },
});
