// GET /api/metrics (issue 15 item 5, first part) over real HTTP against `npm start`: Prometheus
// text, checks counted by kind and result, the database circuit's state, the process's own
// metrics; no credential in anything it prints; other methods refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poll, seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, postJson, send } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

let server: ContractServer<Fixtures>;

beforeAll(async () => {
  server = await startContractServer(seedContractFixtures);
});
afterAll(async () => {
  await server?.dispose();
});

async function scrape(): Promise<string> {
  const res = await send(server.baseUrl, "/api/metrics");
  expect(res.status, brief(res)).toBe(200);
  expect(res.header("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text;
}

/** The value of one series, 0 when it has not appeared yet. */
function valueOf(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/metrics", () => {
  it("counts checks by kind and result, exactly, and never prints a credential", async () => {
    const ok = 'sa_credential_checks_total{kind="service_account",result="ok"}';
    const unknown = 'sa_credential_checks_total{kind="service_account",result="unknown_key"}';
    const notAuthorized = 'sa_credential_checks_total{kind="service_account",result="workspace_not_authorized"}';
    const before = await scrape();
    const { keys } = server.fixtures;
    for (let i = 0; i < 3; i++) expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: keys.restricted })).status).toBe(200);
    expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: keys.deleted })).status).toBe(401);
    expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "other-ws" }, { authorization: keys.restricted })).status).toBe(401);
    const after = await scrape();
    expect(valueOf(after, ok) - valueOf(before, ok)).toBe(3);
    expect(valueOf(after, unknown) - valueOf(before, unknown)).toBe(1);
    expect(valueOf(after, notAuthorized) - valueOf(before, notAuthorized)).toBe(1);
    for (const key of Object.values(keys)) expect(after.includes(key)).toBe(false);
    expect(after).not.toMatch(/team-a|other-ws/);
  });

  it("reports the database circuit and the process's own metrics", async () => {
    const text = await scrape();
    expect(text).toMatch(/^# TYPE sa_database_circuit_open gauge$/m);
    expect(valueOf(text, "sa_database_circuit_open")).toBe(0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it("reports the check cache and, on Postgres, its lease and the acknowledgements it writes", async () => {
    const { keys } = server.fixtures;
    const fresh = await poll(async () => valueOf(await scrape(), "sa_check_cache_serving") === 1, 10_000);
    expect(fresh, "the cache never served").toBe(true);
    const before = await scrape();
    for (let i = 0; i < 2; i++) await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-b" }, { authorization: keys.open });
    const after = await scrape();
    expect(valueOf(after, "sa_check_cache_hits_total") - valueOf(before, "sa_check_cache_hits_total")).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^# TYPE sa_change_ack_wait_seconds histogram$/m);
    // Why the cache was emptied, by reason, and its lapses (issue 28).
    const flushes = (text: string, reason: string) => valueOf(text, `sa_check_cache_flushes_total{reason="${reason}"}`);
    expect(after).toMatch(/^sa_check_cache_flushes_total\{reason="reconnect"\} \d+$/m);
    expect(after).toMatch(/^sa_check_cache_flushes_total\{reason="lease_lost"\} \d+$/m);
    expect(after).toMatch(/^sa_check_cache_lapses_total \d+$/m);
    expect(after).toMatch(/^sa_check_cache_lapse_seconds_total [\d.e+-]+$/m);
    if (server.driver === "pglite") return expect(valueOf(after, "sa_cache_lease_fresh")).toBe(0);
    expect(valueOf(after, "sa_cache_lease_fresh")).toBe(1);
    await server.announceChange();
    const acked = await scrape();
    expect(valueOf(acked, "sa_change_acks_total")).toBeGreaterThan(valueOf(after, "sa_change_acks_total"));
    expect(valueOf(acked, "sa_check_cache_invalidations_total")).toBeGreaterThan(valueOf(after, "sa_check_cache_invalidations_total"));
    expect(flushes(acked, "change")).toBeGreaterThan(flushes(after, "change"));
  });

  it("answers HEAD without a body and refuses other methods with 405", async () => {
    const head = await send(server.baseUrl, "/api/metrics", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    const post = await send(server.baseUrl, "/api/metrics", { method: "POST", body: "x" });
    expect(post.status, brief(post)).toBe(405);
    expect(post.header("allow")).toBe("GET, HEAD");
  });
});
