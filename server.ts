// The production and development entry point: one process, one port, one database client.
// The authentication API is answered here, before Next.js: a Next.js route handler costs ~25×
// more per request than the check itself (PRODUCT.md §6). The key checks Opik makes on every
// request go straight to lib/auth-api/key-checks.ts on node:http, the rest of the API to the Hono
// app (README "Benchmarks" has what each layer costs). The forward-auth check of the proxy in
// front of Opik's web UI is on node:http too (lib/access/forward-auth.ts), and the Opik host's
// /_access/ pages on a small Hono app (lib/access/opik-host.ts), the management API under /api/v1/
// on node:http too (lib/api). Everything else goes to Next.js.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { closeDb } from "@/db/client";
import { FORWARD_AUTH_PATH, handleForwardAuth } from "@/lib/access/forward-auth";
import { ACCESS_PREFIX, opikHost } from "@/lib/access/opik-host";
import { accessSettings } from "@/lib/access/settings";
import { handleManagementApi, isManagementApiPath } from "@/lib/api";
import { opikBackendAddresses } from "@/lib/auth-api/backend-addresses";
import { authApi, isAuthApiPath, isAuthApiPathVariant } from "@/lib/auth-api/app";
import { handleKeyCheck, isKeyCheck } from "@/lib/auth-api/key-checks";
import { clientAddressOf, setClientAddressHeader, trustProxy } from "@/lib/http/client-address";
import { guardServerActions } from "@/lib/http/action-guard";
import { drainConnections, refuseWhileStopping } from "@/lib/http/shutdown";
import { METRICS_PATH, handleMetrics } from "@/lib/http/metrics-endpoint";
import { opikApiUrl } from "@/lib/opik-url";
import { checkCache, readCacheOptions, stopCheckCache } from "@/lib/cache";
import { checkSignInSettings } from "@/lib/auth/sso-settings";
import { configuredPrefix } from "@/lib/keys";
import { startUpOrExit } from "@/lib/startup";
import { checkWorkers, isCheckWorker, startCheckWorkers, stopCheckWorkers } from "@/lib/http/workers";
import { runCheckWorker } from "@/lib/http/check-worker";
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

// overrideGlobalObjects: false, so Next.js keeps the platform Request/Response classes.
const handleAuthApi = getRequestListener(authApi.fetch, { overrideGlobalObjects: false });
const handleOpikHost = getRequestListener(opikHost.fetch, { overrideGlobalObjects: false });

// Set on SIGTERM/SIGINT (shutdown below): from then on every new request gets a 503.
let stopping = false;

// 64 KiB of headers (Node's default is 16): the forward-auth check receives the browser's whole
// request head from the proxy in front of Opik, whose own frontend allows 64 KiB.
const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  if (stopping) return refuseWhileStopping(res, isKeyCheck(req.method, pathname) || isAuthApiPath(pathname));
  // The client's address is worked out only where it is used (on the key-check lane: for an unknown key).
  if (isKeyCheck(req.method, pathname)) return void handleKeyCheck(req, res, pathname, () => clientAddressOf(req));
  // The proxy in front of Opik's web UI asks on every request (README "Use with Opik").
  if (pathname === FORWARD_AUTH_PATH) return void handleForwardAuth(req, res);
  if (pathname === METRICS_PATH) return void handleMetrics(req, res);
  // Replaces anything a client sent under this name: audit records and rate limits rely on it.
  setClientAddressHeader(req, clientAddressOf(req));
  // Near misses of an API path (`/opik/auth/`, `//opik/auth`) get the API's JSON 404, not Next's redirect.
  if (isAuthApiPath(pathname) || isAuthApiPathVariant(pathname)) void handleAuthApi(req, res);
  // The management API (README "Automate it"), beside the authentication API's /api/v1/keys/verify.
  else if (isManagementApiPath(pathname)) handleManagementApi(req, res, pathname, new URLSearchParams(query === -1 ? "" : url.slice(query + 1)));
  else if (pathname.startsWith(ACCESS_PREFIX)) void handleOpikHost(req, res);
  else guardServerActions(req, res, () => void handleNext(req, res));
});

// Requests Node's HTTP parser rejects (conflicting Content-Length, bytes not allowed in a path or
// header name) never reach a handler; answer them in the contract's error shape too.
server.on("clientError", (_error, socket) => {
  if (!socket.writable) return socket.destroy();
  const body = JSON.stringify({ msg: "Malformed HTTP request", code: 400 });
  socket.end(
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});

// With CHECK_WORKERS > 1 the workers listen on the port and this process behind them (lib/http/workers.ts).
if (checkWorkers() > 1) startCheckWorkers(server, { count: checkWorkers(), port, hostname });
else
  server.listen(port, hostname, () => {
    console.info(`[server] ready on http://${hostname ?? "localhost"}:${port} (${dev ? "development" : "production"})`);
  });

// A clean stop (README "Deployment"): requests being answered finish, new ones get a 503, key use
// is recorded, the database closed, exit code 0, well inside the 10 s `docker stop` allows.
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.info(`[server] ${signal}: finishing requests, recording key use, closing the database`);
  await stopCheckWorkers();
  await drainConnections(server);
  await lastUsed().flush();
  await stopCheckCache();
  await closeDb().catch(() => {});
  console.info("[server] stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
