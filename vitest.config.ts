import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const alias = {
  "@": root,
  // "server-only" throws outside React Server Components; tests run server code directly.
  "server-only": path.join(root, "tests/support/empty-module.ts"),
};

const integration = (name: string, driver: "pglite" | "postgres") => ({
  resolve: { alias },
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: ["tests/support/integration-setup.ts"],
    env: { TEST_DRIVER: driver },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // next-auth imports "next/server" without an extension, which only a bundler resolves: let
    // Vite bundle it, so tests can run Auth.js's real handlers in-process (tests/integration/sessions*).
    server: { deps: { inline: ["next-auth"] } },
  },
});

export default defineConfig({
  test: {
    // VITEST_CONTRACT=1: only the HTTP contract tests, which need `.next` (run after `next build`;
    // scripts/test.mjs does). Each file starts `npm start` against its own database.
    projects:
      // VITEST_CONTAINER=1: only the container test (tests/container/), which builds the Dockerfile
      // with an engine of its own (scripts/test.mjs runs it where one can be started).
      process.env.VITEST_CONTAINER === "1"
        ? [{ resolve: { alias }, test: { name: "container", include: ["tests/container/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 1_200_000 } }]
        : process.env.VITEST_CONTRACT === "1"
        ? (["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])] as const).map((driver) => ({
            resolve: { alias },
            test: {
              name: `contract-${driver}`,
              include: ["tests/contract/**/*.test.ts"],
              env: { TEST_DRIVER: driver },
              testTimeout: 30_000,
              hookTimeout: 120_000,
            },
          }))
        : [
            { resolve: { alias }, test: { name: "unit", include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "deploy/**/*.test.ts"] } },
            integration("integration-pglite", "pglite"),
            // The same suite against a real Postgres server when one is given.
            ...(process.env.TEST_DATABASE_URL ? [integration("integration-postgres", "postgres")] : []),
          ],
  },
});
