import { createServer, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBackoff } from "@/db/client";
import { databaseCircuit, CIRCUIT_RETRY_MS } from "./db-guard";
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

describe("database circuit", () => {
  it("after the first 'unreachable' failure, 64 concurrent checks fail at once without touching the database, and one is let through later", async () => {
    const sql = postgres(`postgres://nobody@127.0.0.1:${port}/nothing`, { max: 2, connect_timeout: 1, backoff: postgresBackoff, onnotice: () => {} });
    const circuit = databaseCircuit();
    const check = () => circuit.fire(() => withDeadline(sql`select 1`.then(() => "answered"), 1_500));
    try {
      // The first check finds out: the connection is closed on it.
      const first = await check().catch((e: unknown) => e);
      expect(isDatabaseUnavailable(first), String(first)).toBe(true);
      expect(circuit.opened).toBe(true);

      const before = connections;
      const results = await Promise.allSettled(Array.from({ length: 64 }, check));
      expect(results.every((r) => r.status === "rejected")).toBe(true);
      const reasons = results.map((r) => (r as PromiseRejectedResult).reason as { code?: string });
      // Every one refused by the open circuit (and so answered 503 by its caller), none by a connection attempt.
      expect(reasons.every((e) => e.code === "EOPENBREAKER")).toBe(true);
      expect(reasons.every((e) => isDatabaseUnavailable(e))).toBe(true);
      expect(connections - before).toBe(0);

      // After the retry interval one check is let through (half-open) and finds the database still down.
      await sleep(CIRCUIT_RETRY_MS + 50);
      const probeAndOthers = await Promise.allSettled(Array.from({ length: 10 }, check));
      const codes = probeAndOthers.map((r) => ((r as PromiseRejectedResult).reason as { code?: string }).code);
      expect(codes.filter((c) => c !== "EOPENBREAKER")).toHaveLength(1);
      expect(circuit.opened).toBe(true);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });

  it("closes again once a let-through check succeeds, and errors of a reachable database never open it", async () => {
    const circuit = databaseCircuit();
    await sleep(CIRCUIT_RETRY_MS + 50);
    await expect(circuit.fire(async () => "answered")).resolves.toBe("answered");
    expect(circuit.closed).toBe(true);
    const violation = Object.assign(new Error("duplicate key"), { code: "23505" });
    for (let i = 0; i < 5; i++) await expect(circuit.fire(() => Promise.reject(violation))).rejects.toBe(violation);
    expect(circuit.closed).toBe(true);
  });
});
