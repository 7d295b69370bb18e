// Database outage (issue 5, "Outage"): a PostgreSQL server of this file's own (initdb + pg_ctl on a
// free port, so stopping it harms nothing else) behind `npm start`. Stop it: the authentication API
// answers 503 JSON within Opik's 2 s, the dashboard shows its error page, a write caught mid-way
// leaves nothing behind. Start it again: the same server process serves again, no restart.
// Independent of the project's driver: both contract projects run it, each on its own server.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, workspaces } from "@/db/schema";
import { poll, probeLastUsed } from "../support/contract-fixtures";
import { brief, expectOpikError, expectSafe, jsonOf, postJson, send, type Reply } from "../support/contract-http";
import { expectErrorDocument, expectEventually, expectNoLeak, expectOutage503, seedOutageFixtures, unexpectedFaults, untilServedFromDatabase, type OutageFixtures } from "../support/outage-assertions";
import { serverProcessPid, startContractServer, type ContractServer } from "../support/contract-server";
import { createWorkspaceOverHttp, signInForCookie } from "../support/dashboard-http";
import { findBrowser } from "../../scripts/find-browser.mjs";
import { createPgCluster, pgClusterUnavailableReason, type PgCluster } from "../support/pg-cluster";

const unavailable = pgClusterUnavailableReason();
// Skipped only where a PostgreSQL server cannot be started at all, and never in CI: there the
// missing binaries fail the run (createPgCluster throws with the reason).
const skip = unavailable !== null && !process.env.CI;
if (skip) console.warn(`[outage.test] SKIPPED: ${unavailable}. Install the PostgreSQL server (Debian: apt-get install postgresql) to run it.`);

const CHROMIUM = findBrowser() ?? "/usr/bin/chromium";
// The error page is rendered in the browser (a failed server render sends only a shell and the error's digest).
const noBrowser = !existsSync(CHROMIUM) && !process.env.CI;

/** Opik's HTTP client gives up on a key check after 2 s (issue 5). */
const OPIK_CLIENT_TIMEOUT_MS = 2_000;
/** How long the service may take to be whole again once Postgres is back, on a busy machine. */
const RECOVERY_BUDGET_MS = 60_000;
const ADMIN = { email: "outage-admin@example.test", password: "outage test password 123" };
const MID_WRITE = "outage-mid-write";
const DURING = "outage-during";
const AFTER = "outage-after";


let cluster: PgCluster;
let server: ContractServer<OutageFixtures>;
let f: OutageFixtures;
let db: Db;
/** The process running server.ts, before the outage. */
let pidBefore: number | null;
let session = "";
let browser: Browser | undefined;
/** A visitor's tab, opened during the outage and left open until the database is back. */
let tab: Page | undefined;
const measured: Record<string, number> = {};

const seed = (database: Db) => seedOutageFixtures(database, ADMIN);
const timed = async <T>(label: string, work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work();
  const ms = Math.round(performance.now() - started);
  measured[label] = Math.max(measured[label] ?? 0, ms);
  return { value, ms };
};

const opikAuth = (key: string) =>
  postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a", path: "/v1/private/spans/batch" }, { authorization: key });

const signIn = () => signInForCookie(server.baseUrl, ADMIN);
const createWorkspace = (name: string) => createWorkspaceOverHttp(server.baseUrl, session, name);

const workspaceRows = (name: string) => db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.name, name));
const auditRows = (name: string) =>
  db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "workspace.create"), eq(auditEvents.targetName, name)));

describe.skipIf(skip)(`database outage${skip ? ` (skipped: ${unavailable})` : ""}`, () => {
  beforeAll(async () => {
    cluster = await createPgCluster();
    // "Last used" is flushed every 3 s, so a use noted just before the outage is written during it.
    server = await startContractServer(seed, { databaseUrl: cluster.url, env: { LAST_USED_FLUSH_MS: "3000" } });
    f = server.fixtures;
    db = server.db!;
    pidBefore = serverProcessPid(server.pgid);
    session = await signIn();
  });
  afterAll(async () => {
    console.info(`[outage.test] measured (ms): ${JSON.stringify(measured)}`);
    await browser?.close();
    await server?.dispose();
    await cluster?.dispose();
  });

  it("before: a valid key → 200, the database is reachable, the dashboard serves a signed-in administrator", { timeout: 60_000 }, async () => {
    const ok = await opikAuth(f.keys.restricted);
    expect(ok.status, brief(ok)).toBe(200);
    const health = await send(server.baseUrl, "/api/health");
    expect(health.status, brief(health)).toBe(200);
    expect(jsonOf(health)).toStrictEqual({ status: "ok", database: "reachable" });
    // The first render of a page loads its modules while its queries run under the dashboard's
    // deadline (DB_DEADLINE_MS): on a machine busy with other work that first try can run out, so
    // the condition is waited for (a working dashboard), not the first answer.
    let page = await send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } });
    await poll(async () => {
      page = await send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } });
      return page.status === 200;
    }, 30_000, 500);
    expect(page.status, brief(page)).toBe(200);
    expect(pidBefore).toBeTypeOf("number");
  });

  it("a write caught mid-transaction by the outage leaves nothing behind", async () => {
    // Hold the audit table so the action's transaction stops between its two inserts (the
    // workspace row, then its audit event), then kill the server under it.
    const locker = postgres(cluster.url, { max: 1, onnotice: () => {} });
    const watcher = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      await locker`begin`;
      await locker`lock table audit_events in exclusive mode`;
      const inFlight = createWorkspace(MID_WRITE);
      const blocked = await poll(async () => {
        const [row] = await watcher`
          select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and query ilike 'insert into "audit_events"%'`;
        return row!.n > 0;
      }, 15_000);
      expect(blocked, "the action never reached its audit insert").toBe(true);
      // A key use noted in memory now is flushed while the database is down (see the last-used test below).
      expect((await opikAuth(f.keys.open)).status).toBe(200);
      await cluster.stop("immediate");
      const { value: res, ms } = await timed("action cut mid-transaction", () => inFlight);
      expect(res.status, `${brief(res)} after ${ms} ms`).toBeGreaterThanOrEqual(500);
      expectNoLeak(res);
    } finally {
      await locker.end({ timeout: 0 }).catch(() => {});
      await watcher.end({ timeout: 0 }).catch(() => {});
    }
  });

  describe("while the database is down", () => {
    // Keys checked before the outage are answered from memory until this instance's lease ends.
    it("stops answering from memory when its lease runs out; every check then reads the database", async () => {
      await untilServedFromDatabase(server.baseUrl);
    });

    it.each([
      ["a valid key", () => f.keys.restricted],
      ["another valid key", () => f.keys.open],
      ["an unknown but well-formed key", () => f.keys.deleted],
    ])(`POST /opik/auth with %s → 503 {msg, code: 503} within ${OPIK_CLIENT_TIMEOUT_MS} ms`, async (_name, key) => {
      for (let i = 0; i < 3; i++) {
        const { value: res, ms } = await timed("503 /opik/auth", () => opikAuth(key()));
        expectOutage503(res);
        expect(res.header("retry-after")).toBe("1");
        expect(ms, `answered after ${ms} ms`).toBeLessThan(OPIK_CLIENT_TIMEOUT_MS);
      }
    });

    it(`every endpoint that reads the database → 503 within ${OPIK_CLIENT_TIMEOUT_MS} ms; /is-alive/ping still 200`, async () => {
      const k = { authorization: f.keys.restricted };
      const calls: [string, () => Promise<Reply>][] = [
        ["workspace-permissions", () => postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: "team-a" }, k)],
        ["account-details", () => send(server.baseUrl, "/api/rest/v2/account-details", { headers: k })],
        ["workspaces", () => send(server.baseUrl, "/api/rest/v2/workspaces", { headers: k })],
        ["workspace-id", () => send(server.baseUrl, "/workspaces/workspace-id?name=team-a")],
        ["workspace-name", () => send(server.baseUrl, `/workspaces/workspace-name?id=${f.ws.teamA.id}`)],
        // The proxy's check verifies a client's own key too: an outage is never a 200 there.
        ["forward auth", () => send(server.baseUrl, "/access/check", { headers: { ...k, "x-forwarded-uri": "/static/js/main.js" } })],
      ];
      for (const [name, call] of calls) {
        const { value: res, ms } = await timed(`503 ${name}`, call);
        expectOutage503(res);
        expect(ms, `${name} answered after ${ms} ms`).toBeLessThan(OPIK_CLIENT_TIMEOUT_MS);
      }
      const { value: native, ms } = await timed("503 native verify", () =>
        postJson(server.baseUrl, "/api/v1/keys/verify", { key: f.keys.restricted, workspace: "team-a" }),
      );
      expect(native.status, brief(native)).toBe(503);
      expect(jsonOf(native)).toMatchObject({ valid: false, code: "unavailable" });
      expect(ms).toBeLessThan(OPIK_CLIENT_TIMEOUT_MS);
      expect((await send(server.baseUrl, "/is-alive/ping")).status).toBe(200);
    });

    it("a key refused without a database read (malformed) is still refused 401, not 503", async () => {
      expectOpikError(await opikAuth("opsa_not-a-key"), 401);
    });

    it("GET /api/health → 503 {database: unreachable}", async () => {
      const { value: res } = await timed("health", () => send(server.baseUrl, "/api/health"));
      expect(res.status, brief(res)).toBe(503);
      expect(jsonOf(res)).toStrictEqual({ status: "unavailable", database: "unreachable" });
    });

    it("dashboard pages answer 500 with the error document (no stack trace), for visitors and signed-in administrators", async () => {
      for (const [page, cookie] of [
        ["/login", ""],
        ["/admin/service-accounts", ""],
        ["/admin/service-accounts", session],
        ["/admin/workspaces", session],
      ] as const) {
        const { value: res } = await timed(`page ${page}`, () => send(server.baseUrl, page, { headers: cookie ? { cookie } : {} }));
        expectErrorDocument(res);
      }
    });

    it.skipIf(noBrowser)("in the browser: \"The database is unreachable\", a Try again button, no stack trace", async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
      tab = await browser.newPage();
      await tab.goto(`${server.baseUrl}/login`);
      const heading = tab.getByRole("heading", { level: 1 });
      await expectEventually(async () => (await heading.textContent()) === "The database is unreachable", 15_000, () => heading.textContent());
      expect(await tab.getByRole("button", { name: "Try again" }).isVisible()).toBe(true);
      const text = await tab.locator("body").innerText();
      expect(text).toMatch(/cannot show or change anything until its database answers again/);
      expect(text).not.toMatch(/\n\s+at\s|node_modules|ECONNREFUSED|Failed query/);
    });

    it("a server action answers an error (no hang, no stack trace) and writes nothing", async () => {
      const { value: res } = await timed("action during outage", () => createWorkspace(DURING));
      expect(res.status, brief(res)).toBeGreaterThanOrEqual(500);
      expectNoLeak(res);
    });

    it('the background "last used" write fails during the outage: logged, dropped, the process carries on', async () => {
      const logged = await poll(async () => server.output().includes("[last-used] could not record key use"), 10_000, 100);
      expect(logged, server.output().slice(-2000)).toBe(true);
      expect(serverProcessPid(server.pgid)).toBe(pidBefore);
    });

    it("the server process is still the same one, with no unhandled rejection or unexpected uncaught exception", () => {
      expect(serverProcessPid(server.pgid)).toBe(pidBefore);
      expect(unexpectedFaults(server.output())).toStrictEqual([]);
      // The write cut mid-transaction trips postgres.js's defect; the pool is then replaced.
      if (/reading 'write'/.test(server.output())) expect(server.output()).toContain("replacing the Postgres connection pool");
    });
  });

  describe("after the database is back", () => {
    beforeAll(async () => {
      await cluster.start();
    });

    // Recovery on a loaded 2-core machine takes longer than on an idle one (issue 27): the waits
    // below are for a condition, with a budget of their own well past the file's 30 s default.
    it("the same server process answers 200 again, without a restart", { timeout: RECOVERY_BUDGET_MS + 15_000 }, async () => {
      const started = performance.now();
      const res = await poll(async () => {
        const r = await opikAuth(f.keys.restricted);
        return r.status === 200 ? r : null;
      }, RECOVERY_BUDGET_MS, 100);
      measured["recovery after pg_ctl start"] = Math.round(performance.now() - started);
      expect(res?.status, `no 200 within ${RECOVERY_BUDGET_MS / 1000} s of the database coming back`).toBe(200);
      expectSafe(res!);
      expect(jsonOf(res!)).toMatchObject({ user: "svc-ci-bot", workspaceName: "team-a" });
      expect(serverProcessPid(server.pgid)).toBe(pidBefore);
      expect(unexpectedFaults(server.output())).toStrictEqual([]);
    });

    it.skipIf(noBrowser)("the visitor's tab recovers by itself: the sign-in form, without a reload", async () => {
      expect(tab, "the outage test opened no tab").toBeDefined();
      const heading = tab!.getByRole("heading", { level: 1 });
      await expectEventually(async () => (await heading.textContent()) === "Sign in", 15_000, () => heading.textContent());
    });

    it("the dashboard serves pages again and /api/health says reachable", { timeout: RECOVERY_BUDGET_MS + 30_000 }, async () => {
      const health = await send(server.baseUrl, "/api/health");
      expect(jsonOf(health)).toStrictEqual({ status: "ok", database: "reachable" });
      // Several at once, so every connection of the pool is used, not only the first one. Right after
      // the database returns, a connection of the dashboard's pool that postgres.js's write fault
      // left behind can still fail a page for a moment (the pool is being replaced: lib/db-health.ts);
      // the dashboard must be whole again within a few seconds, on its own. How long it took is measured.
      const started = performance.now();
      const round = () =>
        Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            i % 2 ? send(server.baseUrl, "/login") : send(server.baseUrl, "/admin/workspaces", { headers: { cookie: session } }),
          ),
        );
      let pages = await round();
      while (pages.some((p) => p.status !== 200) && performance.now() - started < RECOVERY_BUDGET_MS) {
        await new Promise((r) => setTimeout(r, 250));
        pages = await round();
      }
      measured["dashboard whole again after the database came back"] = Math.round(performance.now() - started);
      for (const page of pages) expect(page.status, `${brief(page)}\n${server.output().slice(-4000)}`).toBe(200);
      expect(pages[0]!.text).toContain("team-a");
      const keys = await Promise.all(Array.from({ length: 20 }, () => opikAuth(f.keys.restricted)));
      for (const res of keys) expect(res.status, brief(res)).toBe(200);
    });

    it("nothing of the writes attempted during the outage exists: no workspace, no audit event", async () => {
      for (const name of [MID_WRITE, DURING]) {
        expect(await workspaceRows(name), name).toHaveLength(0);
        expect(await auditRows(name), name).toHaveLength(0);
      }
    });

    it("writes work again: the same action creates the workspace and exactly one audit event", async () => {
      const res = await createWorkspace(AFTER);
      expect(res.status, brief(res)).toBe(200);
      expect(res.text).toContain(`Workspace \\"${AFTER}\\" created`);
      expect(await workspaceRows(AFTER)).toHaveLength(1);
      expect(await auditRows(AFTER)).toHaveLength(1);
    });

    it('"last used" is written again by the background writer', async () => {
      expect((await opikAuth(f.keys.probe)).status).toBe(200);
      const written = await poll(async () => (await probeLastUsed(db, f)).key, 10_000, 100);
      expect(written).toBeInstanceOf(Date);
    });
  });
});
