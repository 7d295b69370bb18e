import { execFile } from "node:child_process";
import { chownSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway PostgreSQL server of the test's own (`initdb` + `pg_ctl` in a temporary folder, on a
 * free port, listening on 127.0.0.1 only, trust authentication), so a test can stop and start
 * it without harming any other database. As root, initdb refuses to run: the commands then run
 * as the `postgres` OS user (runuser), which owns the folder.
 */
export type PgCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  dir: string;
  /** `pg_ctl start -w`: returns once the server accepts connections. */
  start: () => Promise<void>;
  /** `pg_ctl stop -m immediate` by default: every backend dies at once, as in a crash. */
  stop: (mode?: "immediate" | "fast") => Promise<void>;
  /** The server's log so far. */
  log: () => string;
  /**
   * SIGSTOP to the postmaster and every backend: the server keeps its connections open and
   * accepts TCP connections into the backlog, but answers nothing, like a frozen VM. `thaw` resumes it.
   */
  freeze: () => Promise<void>;
  thaw: () => Promise<void>;
  /** Stops the server if it runs and deletes the folder. Idempotent. */
  dispose: () => Promise<void>;
};

export type PgBinaries = { bin: string; initdb: string; pgCtl: string; version: string };

/** The newest installed server binaries (Debian layout, or PG_BIN), or null when absent. */
export function findPgBinaries(): PgBinaries | null {
  const candidates: { bin: string; version: string }[] = [];
  if (process.env.PG_BIN) candidates.push({ bin: process.env.PG_BIN, version: "PG_BIN" });
  try {
    const versions = readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push({ bin: `/usr/lib/postgresql/${version}/bin`, version });
  } catch {
    // not the Debian layout
  }
  for (const { bin, version } of candidates) {
    const initdb = path.join(bin, "initdb");
    const pgCtl = path.join(bin, "pg_ctl");
    if (existsSync(initdb) && existsSync(pgCtl) && existsSync(path.join(bin, "postgres"))) return { bin, initdb, pgCtl, version };
  }
  return null;
}

/** uid and gid of the `postgres` OS user, from /etc/passwd; null when there is none. */
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.startsWith("postgres:"));
    if (!line) return null;
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/** Why a cluster cannot be started here, or null when it can. */
export function pgClusterUnavailableReason(): string | null {
  if (!findPgBinaries()) {
    return "the PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed: looked in /usr/lib/postgresql/*/bin and PG_BIN";
  }
  if (process.getuid?.() === 0 && !postgresUser()) return "running as root and there is no `postgres` OS user to run initdb as";
  if (process.getuid?.() === 0 && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")) {
    return "running as root and `runuser` is not available to run initdb as the postgres user";
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function run(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    // cwd: a folder the postgres user may enter (runuser keeps the caller's working directory).
    execFile(file, argv, { timeout: timeoutMs, cwd: os.tmpdir(), env: { ...process.env, LC_ALL: "C" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

export async function createPgCluster(): Promise<PgCluster> {
  const reason = pgClusterUnavailableReason();
  const bins = findPgBinaries();
  if (reason || !bins) throw new Error(`cannot start a PostgreSQL server: ${reason}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), "sa-pg-"));
  const owner = process.getuid?.() === 0 ? postgresUser() : null;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const port = await freePort();
  let running = false;
  let disposed = false;

  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    // A test server: durability against an OS crash is not needed (a server crash is still recovered).
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=100",
  ].join(" ");

  /** The postmaster's pid (first line of postmaster.pid) and its children's. */
  const processes = async (): Promise<number[]> => {
    const postmaster = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = await new Promise<string>((resolve) =>
      execFile("pgrep", ["-P", String(postmaster)], (_error, stdout) => resolve(stdout)),
    );
    return [postmaster, ...children.split("\n").filter(Boolean).map(Number)];
  };
  const signalAll = async (signal: NodeJS.Signals) => {
    for (const pid of await processes()) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    }
  };

  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start: async () => {
      await run(bins.pgCtl, ["-D", data, "-l", logFile, "-w", "-t", "60", "-o", options, "start"], 90_000);
      running = true;
    },
    stop: async (mode = "immediate") => {
      await run(bins.pgCtl, ["-D", data, "-m", mode, "-w", "-t", "60", "stop"], 90_000);
      running = false;
    },
    log: () => {
      try {
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    },
    freeze: () => signalAll("SIGSTOP"),
    thaw: () => signalAll("SIGCONT"),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      if (running || existsSync(path.join(data, "postmaster.pid"))) {
        await run(bins.pgCtl, ["-D", data, "-m", "immediate", "-w", "-t", "60", "stop"], 90_000).catch(() => {});
      }
      await rm(dir, { recursive: true, force: true });
    },
  };

  try {
    await run(bins.initdb, ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], 120_000);
    await cluster.start();
  } catch (error) {
    await cluster.dispose();
    throw error;
  }
  return cluster;
}
