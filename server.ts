// The production and development entry point: one process, one port, one database client.
// Everything answered before Next.js goes through one router (lib/http/router.ts): a Next.js route
// handler costs ~25× more per request than the key check itself (PRODUCT.md §6; docs/benchmarks.md).
// The mounts below are tried in order; docs/architecture.md has a request's path through each.
import { createServer } from "node:http";
import next from "next";
import { forwardAuth } from "@/lib/access/forward-auth";
import { opikHost } from "@/lib/access/opik-host";
import { accessSettings } from "@/lib/access/settings";
import { managementApi } from "@/lib/api";
import { opikBackendAddresses } from "@/lib/auth-api/backend-addresses";
import { authApiMount } from "@/lib/auth-api/app";
import { keyChecks } from "@/lib/auth-api/key-checks";
import { clientAddressOf, setClientAddressHeader, trustProxy } from "@/lib/http/client-address";
import { guardServerActions } from "@/lib/http/action-guard";
import { isStopping, stopCleanlyOnSignals } from "@/lib/http/clean-stop";
import { answerMalformedRequest } from "@/lib/http/errors";
import { metrics } from "@/lib/http/metrics-endpoint";
import { createRouter, type Mount } from "@/lib/http/router";
import { opikApiUrl } from "@/lib/opik-url";
import { checkCache, readCacheOptions } from "@/lib/cache";
import { checkSignInSettings } from "@/lib/auth/sso-settings";
import { configuredPrefix } from "@/lib/keys";
import { startUpOrExit } from "@/lib/startup";
import { checkWorkers, isCheckWorker, startCheckWorkers, stopCheckWorkers } from "@/lib/http/workers";
import { runCheckWorker } from "@/lib/http/check-worker";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT) || 3000;
const hostname = process.env.HOST?.trim() || undefined;

// Settings read per request are checked now, so a bad value stops the start-up with its reason.
try {
  trustProxy();
  accessSettings();
  opikApiUrl();
  readCacheOptions();
  checkSignInSettings();
  configuredPrefix();
  opikBackendAddresses();
  checkWorkers();
} catch (error) {
  console.error(`[startup] failed: ${(error as Error).message}`);
  process.exit(1);
}

// A worker process of CHECK_WORKERS answers the key checks and forward auth only, and hands the
// rest to this process (lib/http/workers.ts); the start-up below ran before it was started.
if (isCheckWorker()) await runCheckWorker(port, hostname);

// Migrations and the optional first administrator, before anything listens. Next's
// instrumentation hook awaits the same promise (it lives on globalThis).
await startUpOrExit();
// The check cache starts now (on Postgres: its LISTEN connection and its lease), not at the first check.
checkCache();

const nextApp = next({ dev, dir: process.cwd(), hostname: hostname ?? "localhost", port });
const handleNext = nextApp.getRequestHandler();
await nextApp.prepare();

// Everything else: the dashboard. Replaces any client address a client sent under this name:
// audit records and rate limits rely on it (lib/http/client-address.ts).
const nextJs: Mount = {
  owns: () => true,
  answer: (r, res) => {
    setClientAddressHeader(r.raw, r.clientAddress());
    guardServerActions(r.raw, res, () => void handleNext(r.raw, res));
  },
};

const mounts: Mount[] = [
  keyChecks, // POST /opik/auth, /opik/workspace-permissions: the Opik backend asks on every request
  forwardAuth, // /access/check: the proxy in front of Opik's web UI asks on every request
  metrics, // /api/metrics
  authApiMount, // the rest of the authentication API, and near misses of its paths (a JSON 404)
  managementApi, // /api/v1/* and the API reference's files
  opikHost, // /_access/*: the Opik host's sign-in pages
  nextJs,
];

// 64 KiB of headers (Node's default is 16): the forward-auth check receives the browser's whole
// request head from the proxy in front of Opik, whose own frontend allows 64 KiB.
const server = createServer({ maxHeaderSize: 64 * 1024 }, createRouter(mounts, { stopping: isStopping, addressOf: clientAddressOf }));
server.on("clientError", answerMalformedRequest);

// With CHECK_WORKERS > 1 the workers listen on the port and this process behind them (lib/http/workers.ts).
if (checkWorkers() > 1) startCheckWorkers(server, { count: checkWorkers(), port, hostname });
else
  server.listen(port, hostname, () => {
    console.info(`[server] ready on http://${hostname ?? "localhost"}:${port} (${dev ? "development" : "production"})`);
  });

// SIGTERM/SIGINT: the workers stop first, then this process (lib/http/clean-stop.ts).
stopCleanlyOnSignals(server, {
  announce: (signal) => console.info(`[server] ${signal}: finishing requests, recording key use, closing the database`),
  before: stopCheckWorkers,
  stopped: "[server] stopped",
});
