import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Servers in tests bind ephemeral loopback ports; files run in parallel workers.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
