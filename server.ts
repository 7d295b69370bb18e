// The production and development entry point: one process, one port, one database client.
// Everything answered before Next.js goes through one router (lib/http/router.ts): a Next.js route
// handler costs ~25× more per request than the key check itself (PRODUCT.md §6; docs/benchmarks.md).
// The mounts below are tried in order; docs/architecture.md has a request's path through each.
import { createServer } from "node:http";
import next from "next";
import { closeDb } from "@/db/client";
import { forwardAuth } from "@/lib/access/forward-auth";
import { opikHost } from "@/lib/access/opik-host";
import { accessSettings } from "@/lib/access/settings";
import { managementApi } from "@/lib/api";
import { opikBackendAddresses } from "@/lib/auth-api/backend-addresses";
import { authApiMount } from "@/lib/auth-api/app";
import { keyChecks } from "@/lib/auth-api/key-checks";
import { clientAddressOf, setClientAddressHeader, trustProxy } from "@/lib/http/client-address";
import { guardServerActions } from "@/lib/http/action-guard";
import { opikBody } from "@/lib/http/errors";
import { drainConnections } from "@/lib/http/shutdown";
import { metrics } from "@/lib/http/metrics-endpoint";
import { createRouter, type Mount } from "@/lib/http/router";
import { opikApiUrl } from "@/lib/opik-url";
import { checkCache, readCacheOptions, stopCheckCache } from "@/lib/cache";
import { checkSignInSettings } from "@/lib/auth/sso-settings";
import { configuredPrefix } from "@/lib/keys";
import { startUpOrExit } from "@/lib/startup";
import { lastUsed } from "@/lib/verify/last-used";

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
} catch (error) {
  console.error(`[startup] failed: ${(error as Error).message}`);
  process.exit(1);
}

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

// Set on SIGTERM/SIGINT (shutdown below): from then on every new request gets a 503.
let stopping = false;

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
const server = createServer({ maxHeaderSize: 64 * 1024 }, createRouter(mounts, { stopping: () => stopping, addressOf: clientAddressOf }));

// Requests Node's HTTP parser rejects (conflicting Content-Length, bytes not allowed in a path or
// header name) never reach a handler; answer them in the contract's error shape too.
server.on("clientError", (_error, socket) => {
  if (!socket.writable) return socket.destroy();
  const body = JSON.stringify(opikBody(400, "Malformed HTTP request"));
  socket.end(
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});

server.listen(port, hostname, () => {
  console.info(`[server] ready on http://${hostname ?? "localhost"}:${port} (${dev ? "development" : "production"})`);
});

// A clean stop (README "Deployment"): requests being answered finish, new ones get a 503, key use
// is recorded, the database closed, exit code 0, well inside the 10 s `docker stop` allows.
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.info(`[server] ${signal}: finishing requests, recording key use, closing the database`);
  await drainConnections(server);
  await lastUsed().flush();
  await stopCheckCache();
  await closeDb().catch(() => {});
  console.info("[server] stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
