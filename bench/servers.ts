// Starting and stopping the servers under test, as users run them.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type Running = { port: number; url: string; child: ChildProcess; stop: () => Promise<void> };

export async function start(command: string[], env: Record<string, string>, readyPath = "/is-alive/ping", method = "GET"): Promise<Running> {
  const port = await freePort();
  // BENCH_SERVER_CPUS (bench/run.ts): the servers on those cores, the load generator pinned elsewhere.
  const cpus = process.env.BENCH_SERVER_CPUS?.trim();
  if (cpus) command = ["taskset", "-c", cpus, ...command];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gone()) throw new Error(`${command.join(" ")} exited with ${child.exitCode}`);
    try {
      const res = await fetch(url + readyPath, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${command.join(" ")} did not start`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const stop = async () => {
    if (gone()) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (!gone()) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // exited meanwhile
      }
    }
  };
  return { port, url, child, stop };
}

export const productServer = (env: Record<string, string>) =>
  start(["node", "--import", "tsx", "server.ts"], {
    NODE_ENV: "production",
    AUTH_SECRET: "bench-secret-0123456789abcdefghij",
    // All load comes from one address and 10% of it is unknown keys: with the limiter on, the
    // product would answer 429 to everything after 30 refusals and measure the limiter, not the check.
    AUTH_RATE_LIMIT_FAILURES: "0",
    ...env,
  });

/** The database floor: lib/verify with the check cache off, so every check reads the database as before issue 15. */
export const floorServer = (env: Record<string, string>) =>
  start(["node", "--import", "tsx", "bench/floor-server.ts"], { ...env, CHECK_CACHE_MAX_ENTRIES: "0" }, "/opik/auth", "POST");

/** A constant 200 after reading the body: the machine's limit for one HTTP answer. */
export const constantServer = (env: Record<string, string>) =>
  start(["node", "--import", "tsx", "bench/constant-server.ts"], env, "/opik/auth", "POST");

/** One Redis HGETALL per check, like Opik's own cache hit (bench/redis-server.ts). */
export const redisServer = (env: Record<string, string>) =>
  start(["node", "--import", "tsx", "bench/redis-server.ts"], env, "/opik/auth", "POST");
