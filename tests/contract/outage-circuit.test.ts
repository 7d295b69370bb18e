// Database outage II (issue 10, items 4, 5 and 8), against `npm start` on a PostgreSQL server of
// this file's own (tests/support/pg-cluster.ts):
// - once the database is known to be down, checks fail fast (the circuit, lib/db-guard.ts): the
//   latencies of 64 concurrent checks are printed (tests never assert on time);
// - the whole authentication API logs at most one line per 10 s during an outage;
// - with Postgres frozen (SIGSTOP), dashboard pages, actions and checks are answered while it is
//   still frozen, and a write caught by the freeze rolls back instead of committing when it thaws.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { administrators, auditEvents, workspaces } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { poll, seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, jsonOf, postJson, send, type Reply } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { untilServedFromDatabase } from "../support/outage-assertions";
import { createWorkspaceOverHttp, signInForCookie } from "../support/dashboard-http";
import { createPgCluster, pgClusterUnavailableReason, type PgCluster } from "../support/pg-cluster";

const unavailable = pgClusterUnavailableReason();
// Skipped only where a PostgreSQL server cannot be started at all, and never in CI.
const skip = unavailable !== null && !process.env.CI;

const ADMIN = { email: "circuit-admin@example.test", password: "circuit test password 123" };
const FROZEN = "written-while-frozen";
const CONCURRENCY = 64;

let cluster: PgCluster;
let server: ContractServer<Fixtures>;
let f: Fixtures;
let db: Db;
let session = "";
const measured: Record<string, unknown> = {};

const opikAuth = (key: string) => postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a", path: "/v1/private/traces" }, { authorization: key });

async function timedAll(n: number, call: () => Promise<Reply>): Promise<{ replies: Reply[]; p50: number; max: number }> {
  const times: number[] = [];
  const replies = await Promise.all(
    Array.from({ length: n }, async () => {
      const started = performance.now();
      const reply = await call();
      times.push(performance.now() - started);
      return reply;
    }),
  );
  times.sort((a, b) => a - b);
  return { replies, p50: Math.round(times[Math.floor(times.length / 2)]!), max: Math.round(times[times.length - 1]!) };
}

function expectOutage503(res: Reply): void {
  expect(res.status, brief(res)).toBe(503);
  expect(res.header("retry-after")).toBe("1");
  expect(String(jsonOf(res).msg ?? jsonOf(res).message)).toMatch(/database/);
}

describe.skipIf(skip)("database circuit, throttled log, frozen database", () => {
  beforeAll(async () => {
    cluster = await createPgCluster();
    server = await startContractServer(
      async (database) => {
        const fixtures = await seedContractFixtures(database);
        await database.insert(administrators).values({ email: ADMIN.email, name: "Circuit Admin", role: "admin", passwordHash: await hashPassword(ADMIN.password) });
        return fixtures;
      },
      { databaseUrl: cluster.url },
    );
    f = server.fixtures;
    db = server.db!;
    session = await signInForCookie(server.baseUrl, ADMIN);
  });
  afterAll(async () => {
    console.info(`[outage-circuit.test] measured: ${JSON.stringify(measured)}`);
    await cluster?.thaw().catch(() => {});
    await server?.dispose();
    await cluster?.dispose();
  });

  it(`before: checks and pages are served (${CONCURRENCY} concurrent valid checks timed for comparison)`, async () => {
    expect((await opikAuth(f.keys.restricted)).status).toBe(200);
    const page = await send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } });
    expect(page.status, `${brief(page)}\n${server.output().slice(-3000)}`).toBe(200);
    const { replies, p50, max } = await timedAll(CONCURRENCY, () => opikAuth(f.keys.restricted));
    for (const res of replies) expect(res.status, brief(res)).toBe(200);
    measured[`database up: ${CONCURRENCY} concurrent /opik/auth p50/max ms`] = [p50, max];
  });

  describe("Postgres stopped", () => {
    beforeAll(async () => {
      await cluster.stop("immediate");
      // Keys checked before are answered from memory until the lease ends (outage.test.ts checks that).
      await untilServedFromDatabase(server.baseUrl);
    });

    it(`${CONCURRENCY} concurrent checks, three rounds: every one a 503; latencies printed`, async () => {
      for (let round = 1; round <= 3; round++) {
        const { replies, p50, max } = await timedAll(CONCURRENCY, () => opikAuth(round % 2 ? f.keys.restricted : f.keys.open));
        for (const res of replies) expectOutage503(res);
        measured[`round ${round}: ${CONCURRENCY} concurrent /opik/auth p50/max ms`] = [p50, max];
      }
    });

    it("the whole authentication API writes at most one log line per 10 s: 55 failing requests over every endpoint", async () => {
      const before = server.output().length;
      const calls: (() => Promise<Reply>)[] = [
        () => opikAuth(f.keys.restricted),
        () => postJson(server.baseUrl, "/api/v1/keys/verify", { key: f.keys.restricted, workspace: "team-a" }),
        () => postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: "team-a" }, { authorization: f.keys.restricted }),
        () => send(server.baseUrl, "/api/rest/v2/account-details", { headers: { authorization: f.keys.restricted } }),
        () => send(server.baseUrl, "/workspaces/workspace-id?name=team-a"),
      ];
      const started = Date.now();
      for (let i = 0; i < 55; i++) expect((await calls[i % calls.length]!()).status).toBe(503);
      const seconds = (Date.now() - started) / 1000;
      const lines = server.output().slice(before).split("\n").filter((l) => l.includes("[auth-api]") || l.includes("[verify]"));
      measured["log lines for 55 failing requests"] = lines.length;
      // One at the start of each 10 s interval, plus one for an interval already running.
      expect(lines.length, lines.join("\n")).toBeLessThanOrEqual(Math.ceil(seconds / 10) + 1);
    });

    afterAll(async () => {
      await cluster.start();
      const back = await poll(async () => ((await opikAuth(f.keys.restricted)).status === 200 ? true : null), 20_000, 100);
      expect(back, "no 200 within 20 s of the database coming back").toBe(true);
    });
  });

  describe("Postgres frozen (SIGSTOP): answered while frozen, nothing committed when it thaws", () => {
    const answers: Record<string, Reply> = {};
    beforeAll(async () => {
      // Open connections first, so the freeze catches queries on live connections too.
      await Promise.all([opikAuth(f.keys.restricted), send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } })]);
      await cluster.freeze();
      try {
        const started = performance.now();
        const [page, action, check] = await Promise.all([
          send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } }),
          createWorkspaceOverHttp(server.baseUrl, session, FROZEN),
          // The key was just remembered: answered from memory until the lease ends, then from the database.
          untilServedFromDatabase(server.baseUrl).then(() => opikAuth(f.keys.restricted)),
        ]);
        measured["page, action and check while frozen: ms until all answered"] = Math.round(performance.now() - started);
        Object.assign(answers, { page, action, check });
      } finally {
        // Every answer above arrived while the server was still frozen (each request gives up after 15 s).
        await cluster.thaw();
      }
    });

    it("the page is the error document, the action an error, the check a 503", () => {
      expect(answers.page!.status, brief(answers.page!)).toBe(500);
      expect(answers.page!.text).toContain('id="__next_error__"');
      expect(answers.action!.status, brief(answers.action!)).toBeGreaterThanOrEqual(500);
      expect(answers.action!.text).not.toMatch(/\n\s+at\s|Failed query|insert into/i);
      expectOutage503(answers.check!);
    });

    it("after the thaw: the write the freeze caught was rolled back, not committed late; service resumes", async () => {
      const back = await poll(async () => ((await opikAuth(f.keys.restricted)).status === 200 ? true : null), 20_000, 100);
      expect(back).toBe(true);
      // Give the abandoned action every chance to finish what it started.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.name, FROZEN))).toHaveLength(0);
      expect(
        await db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, "workspace.create"), eq(auditEvents.targetName, FROZEN))),
      ).toHaveLength(0);
      expect((await send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } })).status).toBe(200);
      expect(server.output()).not.toMatch(/unhandledRejection/);
    });
  });
});
