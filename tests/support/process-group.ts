// The process group of a server started by startContractServer (tests/support/contract-server.ts):
// finding the process that runs the server (dist/server.js, compiled from server.ts), and stopping the whole group.
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const STOP_TIMEOUT_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The process that runs the server (`node dist/server.js`, which `npm start` execs; the innermost
 * such process of the group), found through /proc; null where /proc is not available.
 */
export function serverProcessPid(pgid: number): number | null {
  const procs: { pid: number; ppid: number; args: string }[] = [];
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces, so split after the last ")".
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(pgrp) !== pgid) continue;
        const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
        procs.push({ pid: Number(entry), ppid: Number(ppid), args });
      } catch {
        // the process exited meanwhile
      }
    }
  } catch {
    return null;
  }
  // CHECK_WORKERS's worker processes (lib/http/workers.ts) run the same file: they are not the server.
  const runners = procs.filter((p) => /\bserver\.(js|ts)\b/.test(p.args) && !/^(\/bin\/)?sh /.test(p.args) && !p.args.includes(" --check-worker"));
  return (runners.find((p) => runners.some((q) => q.pid === p.ppid)) ?? runners[0])?.pid ?? null;
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  return !groupAlive(pgid);
}

/**
 * Stops the server: SIGTERM to the process that runs the server (it flushes "last used" and exits;
 * npm follows), then, as a fallback, SIGTERM and SIGKILL to the whole process group. The server is
 * signalled itself, as `docker stop` signals a container's main process.
 */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (!pgid || !groupAlive(pgid)) return;
  const server = serverProcessPid(pgid);
  if (server) process.kill(server, "SIGTERM");
  if (server && (await waitForGroupExit(pgid, STOP_TIMEOUT_MS))) return;
  if (groupAlive(pgid)) process.kill(-pgid, "SIGTERM");
  if (await waitForGroupExit(pgid, STOP_TIMEOUT_MS)) return;
  process.kill(-pgid, "SIGKILL");
  await waitForGroupExit(pgid, STOP_TIMEOUT_MS);
}

/**
 * The way Ctrl-C or systemd stop a service: one signal to every process of the group, here
 * while the server's event loop is unresponsive for `busyMs` (SIGSTOP … SIGCONT, as a long GC
 * pause or a CPU-bound burst would make it). Then waits for the group to exit.
 */
export async function signalGroupWhileBusy(child: ChildProcess, busyMs: number): Promise<void> {
  const pgid = child.pid;
  const server = pgid ? serverProcessPid(pgid) : null;
  if (!pgid || !server) throw new Error("cannot find the server process");
  process.kill(server, "SIGSTOP");
  try {
    process.kill(-pgid, "SIGTERM");
    await sleep(busyMs);
  } finally {
    try {
      process.kill(server, "SIGCONT");
    } catch {
      // already gone
    }
  }
  if (!(await waitForGroupExit(pgid, STOP_TIMEOUT_MS))) {
    process.kill(-pgid, "SIGKILL");
    await waitForGroupExit(pgid, STOP_TIMEOUT_MS);
  }
}

