// A clean stop of `npm start` (issue 24): SIGTERM under a steady stream of key checks. Every answer
// is a 200, a 401 or, once the server stops, a 503 in the contract's `{msg, code}` shape; no request
// has its connection reset (a refused connection, after the listener closed, was never sent); the
// server flushes "last used" and exits with code 0.
import { afterAll, beforeAll, expect, it } from "vitest";
import { probeLastUsed, seedContractFixtures, unknownKey, type Fixtures } from "../support/contract-fixtures";
import { serverProcessPid, startContractServer, type ContractServer } from "../support/contract-server";

let server: ContractServer<Fixtures>;

beforeAll(async () => {
  // A long flush interval: "last used" is then written only by the shutdown flush.
  server = await startContractServer(seedContractFixtures, { env: { LAST_USED_FLUSH_MS: "600000" } });
});
afterAll(async () => {
  await server?.dispose();
});

type Outcome = { status: number; body: unknown; afterSignal: boolean } | { error: string; afterSignal: boolean };
const WORKERS = 4;

it("SIGTERM under a steady stream of /opik/auth checks: 200, 401 or 503 only, no reset connection, exit code 0, last used flushed", async () => {
  const f = server.fixtures;
  const outcomes: Outcome[] = [];
  let signalled = false;
  let answered = 0;
  let resolveWarm: () => void;
  const warm = new Promise<void>((r) => (resolveWarm = r));

  async function worker(n: number) {
    for (let i = 0; ; i++) {
      const key = (i + n) % 2 === 0 ? f.keys.probe : unknownKey();
      const afterSignal = signalled;
      try {
        const res = await fetch(`${server.baseUrl}/opik/auth`, {
          method: "POST",
          headers: { authorization: key, "content-type": "application/json" },
          body: JSON.stringify({ workspaceName: "team-a", path: "/v1/private/spans/batch" }),
          signal: AbortSignal.timeout(15_000),
        });
        outcomes.push({ status: res.status, body: await res.json(), afterSignal });
        if (++answered >= WORKERS * 10) resolveWarm();
        if (res.status === 503) return;
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        outcomes.push({ error: code, afterSignal });
        return;
      }
    }
  }

  const workers = Array.from({ length: WORKERS }, (_, n) => worker(n));
  await warm;
  const pid = serverProcessPid(server.pgid);
  expect(pid, "the server's process").not.toBeNull();
  signalled = true;
  process.kill(pid!, "SIGTERM");
  await Promise.all(workers);

  const errors = outcomes.filter((o) => "error" in o);
  // ECONNREFUSED: the listener had closed, the request was never sent. Anything else lost a request.
  expect(errors.filter((o) => o.error !== "ECONNREFUSED")).toStrictEqual([]);
  const statuses = new Set(outcomes.flatMap((o) => ("status" in o ? [o.status] : [])));
  expect([...statuses].filter((s) => ![200, 401, 503].includes(s))).toStrictEqual([]);
  const refusals = outcomes.filter((o) => "status" in o && o.status === 503);
  expect(refusals.length, "requests on open connections after SIGTERM get a 503").toBeGreaterThan(0);
  for (const o of refusals) expect("body" in o && o.body).toStrictEqual({ msg: expect.any(String), code: 503 });

  const after = await server.readAfterStop((db) => probeLastUsed(db, f));
  expect(after.key, `last used after shutdown; server output:\n${server.output().slice(-2000)}`).toBeInstanceOf(Date);
  expect(server.exitStatus()).toStrictEqual({ code: 0, signal: null });
  expect(server.output()).toMatch(/\[server\] stopped/);
});
