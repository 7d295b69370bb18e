// Authorization matrix, pages, over HTTP (issue 5): every page under app/admin (found by walking the
// folder) × {anonymous, viewer, admin} against the production build. Sessions come from Auth.js's
// own sign-in endpoint with real passwords. The same matrix at the function level is
// tests/integration/authorization-pages.test.ts.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { appRoutes } from "../support/app-routes";
import { brief, expectSafe, send } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

const PASSWORD = "contract pages password 1";
const PEOPLE = { admin: "pages-admin@example.test", viewer: "pages-viewer@example.test", member: "pages-member@example.test", leaver: "pages-leaver@example.test" } as const;
type Person = keyof typeof PEOPLE;

async function seed(db: Db): Promise<Record<Person, string>> {
  const passwordHash = await hashPassword(PASSWORD);
  const ids = {} as Record<Person, string>;
  for (const [person, email] of Object.entries(PEOPLE) as [Person, string][]) {
    const [row] = await db
      .insert(administrators)
      .values({ email, name: person, role: person === "viewer" || person === "member" ? person : "admin", passwordHash })
      .returning({ id: administrators.id });
    ids[person] = row!.id;
  }
  return ids;
}

let server: ContractServer<Record<Person, string>>;
const cookies = {} as Record<Person, string>;
const adminPages = appRoutes().filter((r) => r.kind === "page" && r.file.startsWith("app/admin/")).flatMap((r) => r.paths);

/** `name=value` pairs of every Set-Cookie header of a response. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** Signs in through Auth.js's credentials endpoint, as the login form does; returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${server.baseUrl}/admin` }),
  });
  const session = cookiesOf(res).find((c) => /session-token=/.test(c) && !/session-token=$/.test(c));
  if (!session) throw new Error(`no session cookie for ${email}: ${res.status} ${res.headers.get("location")}`);
  return session;
}

const get = (path: string, cookie?: string) => send(server.baseUrl, path, { redirect: "manual", headers: cookie ? { cookie } : {} });
const locationOf = (res: { header: (n: string) => string | undefined }) => new URL(res.header("location") ?? "", server.baseUrl).pathname;

beforeAll(async () => {
  server = await startContractServer(seed);
  for (const person of Object.keys(PEOPLE) as Person[]) cookies[person] = await signIn(PEOPLE[person]);
});
afterAll(async () => {
  await server?.dispose();
});

describe("admin pages × roles over HTTP", () => {
  it("finds the admin pages by walking app/admin", () => {
    expect(adminPages).toEqual(expect.arrayContaining(["/admin", "/admin/service-accounts", "/admin/workspaces", "/admin/people", "/admin/audit-log"]));
  });

  it.each(adminPages)("%s: anonymous → 307 to /login (or via another admin page); nothing of the page is sent", async (path) => {
    const res = await get(path);
    expectSafe(res);
    expect(res.status, brief(res)).toBe(307);
    const to = locationOf(res);
    expect(to === "/login" || adminPages.includes(to), `${path} → ${to}`).toBe(true);
    if (to !== "/login") expect(locationOf(await get(to))).toBe("/login");
    expect(res.text).not.toMatch(/pages-(admin|viewer)@example\.test/);
  });

  it.each(adminPages)("%s: a forged or garbage session cookie counts as anonymous", async (path) => {
    for (const cookie of ["authjs.session-token=garbage", `${cookies.admin.slice(0, -10)}AAAAAAAAAA`]) {
      const res = await get(path, cookie);
      expect(res.status, brief(res)).toBe(307);
    }
  });

  it.each(adminPages)("%s: viewer and admin → 200 with their own name on it (or sent on to an admin page that is)", async (path) => {
    for (const person of ["viewer", "admin"] as const) {
      let res = await get(path, cookies[person]);
      expectSafe(res);
      if (res.status === 307) {
        const to = locationOf(res);
        expect(adminPages, `${path} as ${person} → ${to}`).toContain(to);
        res = await get(to, cookies[person]);
      }
      expect(res.status, `${path} as ${person}: ${brief(res)}`).toBe(200);
      expect(res.header("content-type")).toMatch(/^text\/html\b/);
      expect(res.text).toContain(PEOPLE[person]);
      expect(res.text).not.toContain(PASSWORD);
    }
  });

  it.each(adminPages)("%s: a member → 307 to /me (or via another admin page); nothing of the dashboard is sent", async (path) => {
    let res = await get(path, cookies.member);
    expectSafe(res);
    expect(res.status, brief(res)).toBe(307);
    if (locationOf(res) !== "/me") res = await get(locationOf(res), cookies.member);
    expect(locationOf(res)).toBe("/me");
    expect(res.text).not.toMatch(/pages-(admin|viewer)@example\.test/);
  });

  it("/me: the member's page with their own name; / sends a member there; /admin/administrators moved for good to /admin/people", async () => {
    const me = await get("/me", cookies.member);
    expect(me.status, brief(me)).toBe(200);
    expect(me.text).toContain("Your access");
    expect(me.text).toContain(PEOPLE.member);
    expect(locationOf(await get("/", cookies.member))).toBe("/me");
    expect(locationOf(await get("/", cookies.admin))).toBe("/admin/service-accounts");
    const moved = await get("/admin/administrators", cookies.admin);
    expect(moved.status).toBe(308);
    expect(locationOf(moved)).toBe("/admin/people");
  });

  it("the server's log never holds the password used to sign in", () => {
    expect(server.output()).toMatch(/\[server\] ready/);
    expect(server.output()).not.toContain(PASSWORD);
  });

  it("a removed administrator's session is sent to /login at its next request (Postgres: changed mid-run)", async () => {
    if (!server.db) return; // PGlite: the server holds the only connection; integration tests cover it
    expect((await get("/admin/workspaces", cookies.leaver)).status).toBe(200);
    await server.db.delete(administrators).where(eq(administrators.id, server.fixtures.leaver));
    for (const path of adminPages) {
      const res = await get(path, cookies.leaver);
      expect(res.status, brief(res)).toBe(307);
    }
  });
});
