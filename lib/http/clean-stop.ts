// A clean stop (README "Deployment"), the same in the full process and in each CHECK_WORKERS worker:
// requests being answered finish, new ones get a 503 (the router asks `isStopping`), key use is
// recorded, the check cache's lease given back, the database closed, exit code 0, well inside the
// 10 s `docker stop` allows.
import type { Server } from "node:http";
import { closeDb } from "@/db/client";
import { stopCheckCache } from "@/lib/cache";
import { lastUsed } from "@/lib/verify/last-used";
import { drainConnections } from "./shutdown";

let stopping = false;

/** True from SIGTERM/SIGINT on: every new request gets a 503 (createRouter's `stopping`). */
export const isStopping = (): boolean => stopping;

/**
 * On SIGTERM or SIGINT: `announce` logs the start, `before` runs first (the full process stops its
 * check workers), then the server drains, `drained` runs (a worker closes its connections to the
 * full process), and the process exits 0 after logging `stopped`.
 */
export function stopCleanlyOnSignals(
  server: Server,
  options: { announce?: (signal: string) => void; before?: () => Promise<void>; drained?: () => void; stopped: string },
): void {
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    options.announce?.(signal);
    await options.before?.();
    await drainConnections(server);
    options.drained?.();
    await lastUsed().flush();
    await stopCheckCache();
    await closeDb().catch(() => {});
    console.info(options.stopped);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
