// CHECK_WORKERS (docs/operations.md "Using more cores"): worker processes that answer the key
// checks Opik makes and the forward-auth check on the public port, beside the one full process
// (Next.js, the management API and everything else). This file is the full process's side: the
// setting, the workers' start, restart and stop, and the private socket the workers hand every
// other request to. lib/http/check-worker.ts is the workers' side.
//
// Layout with CHECK_WORKERS=N > 1: the cluster primary is the full app as with one process, but
// listens only on a Unix socket in a private folder; N cluster workers listen on PORT (the primary
// hands each new connection to the next worker in turn, Node's round-robin), answer the checks
// themselves and stream any other request to the primary over that socket, with the client's
// socket address in a header the primary reads back (so TRUST_PROXY and X-Forwarded-For work as
// without workers). Each worker is an instance of its own for the check cache and its lease on
// Postgres; on PGlite only one process may open the data folder, so N > 1 needs DATABASE_URL.
import cluster, { type Worker } from "node:cluster";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { DROPPED_HEADER } from "@/lib/http/client-address";

export const MAX_CHECK_WORKERS = 64;
/** Added to a worker's command line: tells it apart in `ps` (and for tests/support/process-group.ts). */
export const CHECK_WORKER_ARG = "--check-worker";
/** The request header a worker puts the client's socket address in; the primary takes it out again. */
export const PEER_HEADER = "x-sa-worker-peer";
/** The environment a worker is started with: the primary's socket and the worker's slot (1…N). */
export const SOCKET_ENV = "SA_CHECK_WORKER_SOCKET";
export const SLOT_ENV = "SA_CHECK_WORKER_SLOT";
/** Request heads up to 64 KiB (the forward-auth check's), plus the peer header and a little margin. */
export const HEADER_LIMIT = 64 * 1024;

/**
 * CHECK_WORKERS: unset, empty or `1` = one process, as before; `auto` = the cores Node may use
 * (os.availableParallelism()), or 1 on PGlite; a whole number from 1 to 64. Anything else, or a
 * number above 1 without DATABASE_URL, throws the reason (server.ts stops the start-up with it).
 */
export function readCheckWorkers(env: Record<string, string | undefined> = process.env, cores = os.availableParallelism()): number {
  const raw = env.CHECK_WORKERS?.trim() ?? "";
  const postgres = Boolean(env.DATABASE_URL?.trim());
  if (raw === "") return 1;
  if (raw.toLowerCase() === "auto") return postgres ? Math.max(1, Math.min(MAX_CHECK_WORKERS, cores)) : 1;
  const value = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= MAX_CHECK_WORKERS)) {
    throw new Error(`CHECK_WORKERS must be "auto" or a whole number from 1 to ${MAX_CHECK_WORKERS} (got "${raw.slice(0, 40)}")`);
  }
  if (value > 1 && !postgres) {
    throw new Error(
      `CHECK_WORKERS=${value} needs DATABASE_URL (Postgres): the embedded database's folder can be opened by one process only; leave CHECK_WORKERS unset on PGlite`,
    );
  }
  return value;
}

const store = globalThis as typeof globalThis & { __serviceAccountsCheckWorkers?: number };

/** The setting, read once per process (server.ts reads it at start-up, so a bad value stops it). */
export function checkWorkers(): number {
  return (store.__serviceAccountsCheckWorkers ??= readCheckWorkers());
}

/** True in a worker process of CHECK_WORKERS (server.ts hands it to lib/http/check-worker.ts). */
export function isCheckWorker(): boolean {
  return cluster.isWorker && Boolean(process.env[SOCKET_ENV]);
}

/** A crash loop waits longer each time: 250 ms, doubling to 30 s; a worker that ran 30 s resets it. */
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;
const STABLE_MS = 30_000;
/** How long stopCheckWorkers waits for the workers' own clean stop before killing them. */
const STOP_DEADLINE_MS = 8_000;

type Slot = { worker: Worker | null; startedAt: number; failures: number; timer: NodeJS.Timeout | null };
const slots = new Map<number, Slot>();
let stopping = false;
let socketDir = "";

/**
 * Starts the workers: `server` (the full app, server.ts's) listens on a private Unix socket
 * instead of PORT, and `count` workers listen on PORT. Logs the ready line once all of them listen.
 */
export function startCheckWorkers(server: Server, options: { count: number; port: number; hostname: string | undefined }): void {
  socketDir = mkdtempSync(path.join(os.tmpdir(), "sa-workers-")); // mode 0700: only this user reaches the socket
  const socket = path.join(socketDir, "app.sock");
  // Node reads this per connection; the heads the workers pass on carry the peer header too.
  (server as Server & { maxHeaderSize: number }).maxHeaderSize = HEADER_LIMIT + 1024;
  server.prependListener("request", adoptPeer);
  cluster.setupPrimary({ args: [...process.argv.slice(2), CHECK_WORKER_ARG] });
  let waiting = options.count;
  const onListening = () => {
    if (--waiting !== 0) return;
    cluster.off("listening", onListening);
    console.info(`[server] ready on http://${options.hostname ?? "localhost"}:${options.port} (${options.count} check workers)`);
  };
  cluster.on("listening", onListening);
  cluster.on("exit", (worker, code, signal) => restartLater(worker, code, signal, socket));
  server.listen(socket, () => {
    for (let slot = 1; slot <= options.count; slot++) {
      slots.set(slot, { worker: null, startedAt: 0, failures: 0, timer: null });
      fork(slot, socket);
    }
  });
}

function fork(slot: number, socket: string): void {
  const state = slots.get(slot)!;
  state.timer = null;
  state.startedAt = Date.now();
  state.worker = cluster.fork({ [SOCKET_ENV]: socket, [SLOT_ENV]: String(slot) });
}

function restartLater(worker: Worker, code: number | null, signal: string | null, socket: string): void {
  const entry = [...slots.entries()].find(([, s]) => s.worker === worker);
  if (!entry || stopping) return;
  const [slot, state] = entry;
  state.worker = null;
  state.failures = Date.now() - state.startedAt >= STABLE_MS ? 1 : state.failures + 1;
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (state.failures - 1));
  const how = signal ? `signal ${signal}` : `code ${code}`;
  console.error(`[workers] check worker ${slot} (pid ${worker.process.pid}) exited with ${how}; starting another in ${delay} ms`);
  state.timer = setTimeout(() => fork(slot, socket), delay);
}

/** The live workers by slot (for the metrics of lib/http/worker-metrics.ts). */
export function liveWorkers(): { slot: number; worker: Worker }[] {
  return [...slots.entries()].flatMap(([slot, s]) => (s.worker && !s.worker.isDead() ? [{ slot, worker: s.worker }] : []));
}

/**
 * Shutdown, before the primary drains its own server: each worker stops as the single process does
 * (SIGTERM: drain, record key use, give its lease back, exit 0); a worker still running after 8 s
 * is killed. No worker is restarted from now on. Without workers: nothing to do.
 */
export async function stopCheckWorkers(): Promise<void> {
  if (slots.size === 0 || stopping) return;
  stopping = true;
  for (const state of slots.values()) if (state.timer) clearTimeout(state.timer);
  await Promise.all(
    liveWorkers().map(
      ({ worker }) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => worker.process.kill("SIGKILL"), STOP_DEADLINE_MS);
          worker.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
          worker.process.kill("SIGTERM");
        }),
    ),
  );
  rmSync(socketDir, { recursive: true, force: true });
}

/**
 * Every request the primary receives comes from a worker: the client's socket address, which the
 * worker sent in PEER_HEADER, becomes the request's socket address (a worker's connection carries
 * one request at a time), so clientAddressOf applies TRUST_PROXY to X-Forwarded-For as without
 * workers. The header itself is taken out (renamed in rawHeaders, as setClientAddressHeader does).
 */
function adoptPeer(req: IncomingMessage): void {
  const peer = req.headers[PEER_HEADER];
  delete req.headers[PEER_HEADER];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === PEER_HEADER) [raw[i], raw[i + 1]] = [DROPPED_HEADER, ""];
  Object.defineProperty(req.socket, "remoteAddress", { value: typeof peer === "string" && peer ? peer : undefined, configurable: true });
}
