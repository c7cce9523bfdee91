import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources in this repository (no build before a
// test); installed from npm they resolve to dist/.
const conditions = ["@concordkit/source"];

export default defineConfig({
  resolve: { conditions: [...conditions, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [...conditions, ...defaultServerConditions], externalConditions: conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    // One shared Kafka broker per run (only when an *.integration.test.ts is selected, or KAFKA_BROKERS).
    globalSetup: ["test/support/kafka/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Integration suites share one broker and real ports; two cores do not gain from more forks.
    pool: "forks",
    maxWorkers: 2,
  },
});
