// CHECK_WORKERS=2 on Postgres against `npm start` (lib/http/workers.ts): the key checks are
// answered by both workers (their counts in /api/metrics, per worker slot); the dashboard and the
// management API are still served (by the full process, through a worker, with the client's
// address worked out as without workers); a key deleted through the management API is refused at
// once on every worker; a killed worker is replaced; SIGTERM stops every process and exits 0.
// On PGlite, CHECK_WORKERS=2 stops the start-up with its reason.
import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { driver, serverProcessPid, startContractServer, type ContractServer } from "../support/contract-server";
import { api, seedTokens, type Tokens } from "../support/management-api";

/** Runs `check` until it does not throw (every 100 ms); after `timeoutMs`, its last error. */
async function until<T>(check: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

type Answer = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/** One request on a connection of its own, so that the primary hands each to the next worker. */
function fresh(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const checkBody = JSON.stringify({ workspaceName: "team-a" });
const check = (port: number, key: string) => fresh(port, "POST", "/opik/auth", { authorization: key, "content-type": "application/json" }, checkBody);

/** The worker processes of the server's group (their command line ends in --check-worker). */
function workerPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgrp = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2];
      if (Number(pgrp) !== pgid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes("--check-worker")) pids.push(Number(entry));
    } catch {
      // the process exited meanwhile
    }
  }
  return pids;
}

/** `sa_worker_credential_checks_total` per worker slot, from the server's /api/metrics. */
async function checksPerWorker(port: number): Promise<Record<string, number>> {
  const text = (await fresh(port, "GET", "/api/metrics")).body;
  return Object.fromEntries([...text.matchAll(/^sa_worker_credential_checks_total\{worker="(\d+)"\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe.skipIf(driver === "pglite")("CHECK_WORKERS=2 (Postgres)", () => {
  let server: ContractServer<Fixtures & { tokens: Tokens }>;

  beforeAll(async () => {
    server = await startContractServer(async (db) => ({ ...(await seedContractFixtures(db)), tokens: await seedTokens(db) }), {
      env: { CHECK_WORKERS: "2", TRUST_PROXY: "127.0.0.1" },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
  });

  it("starts two workers beside the full process, and both answer key checks", async () => {
    // The port answers once the first worker listens; the ready line waits for both.
    await until(async () => {
      if (!server.output().includes("(2 check workers)")) throw new Error("not ready");
    }, 30_000);
    expect(server.output()).toMatch(/\[server\] ready on http:\/\/127\.0\.0\.1:\d+ \(2 check workers\)/);
    expect(workerPids(server.pgid)).toHaveLength(2);
    for (let i = 0; i < 20; i++) expect((await check(server.port, server.fixtures.keys.open)).status).toBe(200);
    const counts = await checksPerWorker(server.port);
    expect(Object.keys(counts).sort()).toStrictEqual(["1", "2"]);
    expect(counts["1"]! + counts["2"]!).toBeGreaterThanOrEqual(20);
    expect(counts["1"], "worker 1 answered checks").toBeGreaterThan(0);
    expect(counts["2"], "worker 2 answered checks").toBeGreaterThan(0);
    // Summed over the processes as one instance.
    const metrics = (await fresh(server.port, "GET", "/api/metrics")).body;
    expect(metrics).toMatch(/^sa_check_workers 2$/m);
    expect(metrics).toMatch(/^sa_credential_checks_total\{kind="service_account",result="ok"\} \d+/m);
  });

  it("serves the dashboard and the management API through the workers, with the client's address as without workers", async () => {
    const signIn = await fresh(server.port, "GET", "/login");
    expect(signIn.status).toBe(200);
    expect(signIn.body).toContain("<html");
    const t = server.fixtures.tokens;
    for (let i = 0; i < 4; i++) expect((await fresh(server.port, "GET", "/api/v1/workspaces", { authorization: `Bearer ${t.read}` })).status).toBe(200);
    // A body streamed through a worker, and the trusted proxy's X-Forwarded-For on the audit record.
    const made = await fresh(server.port, "POST", "/api/v1/service-accounts", { authorization: `Bearer ${t.write}`, "content-type": "application/json", "x-forwarded-for": "203.0.113.7" }, JSON.stringify({ name: "via-worker", allWorkspaces: true }));
    expect(made.status, made.body).toBe(201);
    const id = (JSON.parse(made.body) as { id: string }).id;
    const [event] = await server.db!.select().from(auditEvents).where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, "service_account.create")));
    expect(event?.clientAddress).toBe("203.0.113.7");
    // A client cannot pose as another peer through the workers' private header.
    const posed = await fresh(server.port, "POST", "/api/v1/service-accounts", { authorization: `Bearer ${t.write}`, "content-type": "application/json", "x-sa-worker-peer": "198.51.100.9" }, JSON.stringify({ name: "posing", allWorkspaces: true }));
    expect(posed.status, posed.body).toBe(201);
    const posedId = (JSON.parse(posed.body) as { id: string }).id;
    const [posedEvent] = await server.db!.select().from(auditEvents).where(and(eq(auditEvents.targetId, posedId), eq(auditEvents.action, "service_account.create")));
    expect(posedEvent?.clientAddress).toBe("127.0.0.1");
  });

  it("answers through the same router as the full process: security headers, malformed requests 400 in {msg, code}", async () => {
    const answer = await check(server.port, server.fixtures.keys.open);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    const proxied = await fresh(server.port, "GET", "/is-alive/ping");
    expect(proxied.status).toBe(200);
    expect(proxied.headers["cache-control"]).toBe("no-store");
    // Node's parser refuses a space in a header name; only workers listen on the port.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, "127.0.0.1", () => socket.end("GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n"));
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (d: string) => (text += d));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw.slice(raw.indexOf("\r\n\r\n") + 4)).toBe(JSON.stringify({ msg: "Malformed HTTP request", code: 400 }));
  });

  it("a key deleted through the management API is refused at once on every worker", async () => {
    const t = server.fixtures.tokens;
    const account = JSON.parse((await api(server.baseUrl, "POST", "/api/v1/service-accounts", { token: t.write, body: { name: "to-revoke", authorizedWorkspaceIds: [server.fixtures.ws.teamA.id] } })).text) as { id: string };
    const added = JSON.parse((await api(server.baseUrl, "POST", `/api/v1/service-accounts/${account.id}/keys`, { token: t.write, body: { name: "k", expires: "30" } })).text) as { id: string; key: string };
    // Remembered by both workers first.
    for (let i = 0; i < 20; i++) expect((await check(server.port, added.key)).status).toBe(200);
    const before = await checksPerWorker(server.port);
    expect((await api(server.baseUrl, "DELETE", `/api/v1/service-accounts/${account.id}/keys/${added.id}`, { token: t.write })).status).toBe(204);
    const statuses = await Promise.all(Array.from({ length: 200 }, () => check(server.port, added.key).then((a) => a.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(0);
    expect(new Set(statuses)).toStrictEqual(new Set([401]));
    const after = await checksPerWorker(server.port);
    expect(after["1"]! - before["1"]!, "worker 1 answered refusals").toBeGreaterThan(0);
    expect(after["2"]! - before["2"]!, "worker 2 answered refusals").toBeGreaterThan(0);
  });

  it("replaces a killed worker, and the new one answers checks", async () => {
    const [victim, other] = workerPids(server.pgid);
    process.kill(victim!, "SIGKILL");
    const replaced = await until(async () => {
      const pids = workerPids(server.pgid);
      if (pids.length !== 2 || pids.includes(victim!)) throw new Error(`workers: ${pids.join(", ")}\n${server.output().slice(-1500)}`);
      return pids;
    }, 30_000);
    expect(replaced).toContain(other);
    expect(server.output()).toMatch(new RegExp(`\\[workers\\] check worker \\d \\(pid ${victim}\\) exited with signal SIGKILL; starting another in \\d+ ms`));
    await until(async () => {
      const before = await checksPerWorker(server.port);
      if (Object.keys(before).length !== 2) throw new Error("a worker is not answering yet");
      for (let i = 0; i < 10; i++) if ((await check(server.port, server.fixtures.keys.open)).status !== 200) throw new Error("a check failed");
      const after = await checksPerWorker(server.port);
      if (!Object.keys(after).every((slot) => after[slot]! > before[slot]!)) throw new Error("not every worker answered");
    }, 30_000);
  });

  it("SIGTERM stops every process: workers drain and exit, the full process exits 0", async () => {
    const workers = workerPids(server.pgid);
    expect(workers).toHaveLength(2);
    expect(serverProcessPid(server.pgid), "the full process, not a worker").not.toBeNull();
    expect(workers).not.toContain(serverProcessPid(server.pgid));
    await server.stop(); // SIGTERM to the full process, as `docker stop` sends it

    expect(server.exitStatus(), server.output().slice(-2000)).toStrictEqual({ code: 0, signal: null });
    expect(workerPids(server.pgid)).toStrictEqual([]);
    expect(server.output().match(/\[workers\] check worker \d stopped/g)).toHaveLength(2);
    expect(server.output()).toMatch(/\[server\] stopped/);
    // No worker is restarted during the stop.
    expect(server.output().slice(server.output().indexOf("[server] SIGTERM"))).not.toContain("starting another");
  });
});

describe.skipIf(driver !== "pglite")("CHECK_WORKERS on PGlite", () => {
  it("CHECK_WORKERS=2 without DATABASE_URL stops the start-up with its reason", { timeout: 120_000 }, async () => {
    const error = await startContractServer(seedContractFixtures, { env: { CHECK_WORKERS: "2" } }).then(
      async (s) => {
        await s.dispose();
        return "started";
      },
      (e: Error) => e.message,
    );
    expect(error).toMatch(/\[startup\] failed: CHECK_WORKERS=2 needs DATABASE_URL/);
  });
});
