import { createServer, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBackoff } from "@/db/client";
import { DatabaseCircuit, DatabaseCircuitOpenError } from "./db-guard";
import { isDatabaseUnavailable, withDeadline } from "./db-health";

/**
 * The database circuit (lib/db-guard.ts) against a real postgres.js client whose server accepts
 * each TCP connection and closes it at once, as a Postgres that is restarting does. Counting the
 * connections shows how much each check costs once the database is known to be down.
 */
let server: Server;
let port = 0;
let connections = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = () => {};

describe("database circuit", () => {
  it("an 'unreachable' failure fails the work already waiting at once, then 64 concurrent checks fail without touching the database", async () => {
    const sql = postgres(`postgres://nobody@127.0.0.1:${port}/nothing`, { max: 2, connect_timeout: 1, backoff: postgresBackoff, onnotice: () => {} });
    let probes = 0;
    const circuit = new DatabaseCircuit(async () => {
      probes++;
      throw Object.assign(new Error("still down"), { code: "ECONNREFUSED" });
    }, 50, quiet);
    const check = () => circuit.run(() => withDeadline(sql`select 1`.then(() => "answered"), 1_500));
    try {
      // Work waiting on a query that would only give up at its deadline...
      const waiting = circuit.run(() => new Promise(() => {}));
      // ...fails at once when another check finds the database unreachable.
      const first = await check().catch((e: unknown) => e);
      expect(isDatabaseUnavailable(first), String(first)).toBe(true);
      expect(circuit.isOpen).toBe(true);
      await expect(waiting).rejects.toBeInstanceOf(DatabaseCircuitOpenError);

      const before = connections;
      const results = await Promise.allSettled(Array.from({ length: 64 }, check));
      const reasons = results.map((r) => (r.status === "rejected" ? (r.reason as Error) : new Error("answered")));
      // Every one refused by the open circuit (so answered 503 by its caller), none by a connection attempt.
      expect(reasons.every((e) => e instanceof DatabaseCircuitOpenError && isDatabaseUnavailable(e))).toBe(true);
      expect(connections - before).toBe(0);
      // The probe, not a request, keeps asking.
      await sleep(200);
      expect(probes).toBeGreaterThanOrEqual(2);
      expect(circuit.isOpen).toBe(true);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });

  it("closes once the probe succeeds; failures of work begun before that never reopen it; errors of a reachable database never open it", async () => {
    let up = false;
    const circuit = new DatabaseCircuit(async () => {
      if (!up) throw Object.assign(new Error("down"), { code: "ECONNREFUSED" });
    }, 20, quiet);
    const refused = () => Promise.reject(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }));
    let releaseStale: (e: Error) => void = () => {};
    // Begun while closed, fails only after the circuit opened and closed again.
    const stale = circuit.run(() => new Promise((_, r) => (releaseStale = r)));
    stale.catch(() => {});
    await expect(circuit.run(refused)).rejects.toThrow("refused");
    expect(circuit.isOpen).toBe(true);
    up = true;
    await sleep(60);
    expect(circuit.isOpen).toBe(false);
    await expect(circuit.run(async () => "answered")).resolves.toBe("answered");
    releaseStale(Object.assign(new Error("late"), { code: "ECONNRESET" }));
    expect(circuit.isOpen).toBe(false);

    const violation = Object.assign(new Error("duplicate key"), { code: "23505" });
    for (let i = 0; i < 5; i++) await expect(circuit.run(() => Promise.reject(violation))).rejects.toBe(violation);
    expect(circuit.isOpen).toBe(false);
  });
});

describe("database circuit and deadlines", () => {
  const timeout = () => Promise.reject(Object.assign(new Error("the database did not answer within 1500 ms"), { code: "DATABASE_TIMEOUT" }));

  it("a passed deadline opens it only when a probe asked at once does not answer either", async () => {
    let answers = true;
    let probes = 0;
    const circuit = new DatabaseCircuit(async () => {
      probes++;
      if (!answers) throw Object.assign(new Error("the database did not answer within 1500 ms"), { code: "DATABASE_TIMEOUT" });
    }, 20, quiet);
    // A busy server: the work ran out of time, the probe is answered: the circuit stays closed.
    await expect(circuit.run(timeout)).rejects.toThrow("did not answer");
    await sleep(10);
    expect(probes).toBe(1);
    expect(circuit.isOpen).toBe(false);
    // A frozen one: the probe runs out of time too.
    answers = false;
    await expect(circuit.run(timeout)).rejects.toThrow("did not answer");
    await sleep(10);
    expect(circuit.isOpen).toBe(true);
  });
});
