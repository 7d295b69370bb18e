// Authorization matrix, pages (issues 5, 11): every page and layout under app/admin × {anonymous,
// member, viewer, admin}, discovered by globbing the folder; and the pages outside it that sort
// people by role (/ and /me). Each is called as Next calls a server
// component, with `redirect` recording where it sends the visitor. The same matrix runs over HTTP
// against the production build in tests/contract/admin-pages.test.ts.
import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { administrators } from "@/db/schema";
import { createAdministrator, signAs } from "../support/fixtures";

const nav = vi.hoisted(() => {
  class Redirect extends Error {
    constructor(readonly url: string) {
      super(`redirect to ${url}`);
    }
  }
  return { Redirect };
});
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new nav.Redirect(url);
  },
  permanentRedirect: (url: string) => {
    throw new nav.Redirect(url);
  },
  notFound: () => {
    throw new Error("notFound");
  },
  usePathname: () => "/admin",
  useRouter: () => ({ push: () => {}, replace: () => {}, refresh: () => {} }),
  useSearchParams: () => new URLSearchParams(),
}));
// Layouts render the user menu, whose sign-out button imports Auth.js (unloadable outside Next).
vi.mock("@/lib/auth/next-auth", () => ({ signIn: vi.fn(), signOut: vi.fn(), auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const ADMIN_DIR = path.join(ROOT, "app/admin");
type Entry = { file: string; route: string; kind: "page" | "layout" };

const entries: Entry[] = readdirSync(ADMIN_DIR, { recursive: true, encoding: "utf8" })
  .filter((f) => /(^|\/)(page|layout)\.tsx$/.test(f))
  .sort()
  .map((f) => {
    const dir = path.dirname(f) === "." ? "" : `/${path.dirname(f)}`;
    return { file: `app/admin/${f}`, route: `/admin${dir.replace(/\/\([^)]*\)/g, "")}`, kind: f.endsWith("layout.tsx") ? "layout" : "page" };
  });
const adminRoutes = new Set(entries.filter((e) => e.kind === "page").map((e) => e.route));

type Outcome = { redirect: string } | { rendered: true };

async function render(entry: Entry, who: AdministratorDto | null): Promise<Outcome> {
  signAs(who);
  const mod = (await import(/* @vite-ignore */ `@/${entry.file.replace(/\.tsx$/, "")}`)) as { default: (props: object) => unknown };
  const props = { params: Promise.resolve({}), searchParams: Promise.resolve({}), children: null };
  try {
    const element = await mod.default(props);
    expect(element, `${entry.file} rendered nothing`).toBeTruthy();
    return { rendered: true };
  } catch (error) {
    if (error instanceof nav.Redirect) return { redirect: error.url };
    throw error;
  }
}

let admin: AdministratorDto;
let viewer: AdministratorDto;
let member: AdministratorDto;
let removed: AdministratorDto;

describe("on an empty database", () => {
  it.each(entries.map((e) => [e.file, e] as const))("%s sends a visitor to /setup (or to another admin page)", async (_f, entry) => {
    expect((await getDb().select({ n: sql<number>`count(*)::int` }).from(administrators))[0]!.n).toBe(0);
    const outcome = await render(entry, null);
    expect(outcome).toHaveProperty("redirect");
    const to = (outcome as { redirect: string }).redirect;
    expect(to === "/setup" || adminRoutes.has(to), `${entry.file} → ${to}`).toBe(true);
  });
});

describe("with administrators", () => {
  beforeAll(async () => {
    admin = await createAdministrator("admin");
    viewer = await createAdministrator("viewer");
    member = await createAdministrator("member");
    removed = await createAdministrator("admin");
    await getDb().delete(administrators).where(sql`${administrators.id} = ${removed.id}`);
  });

  it("discovers the admin pages and the layout that frames them", () => {
    expect(entries.map((e) => e.file)).toEqual(
      expect.arrayContaining(["app/admin/layout.tsx", "app/admin/service-accounts/page.tsx", "app/admin/workspaces/page.tsx", "app/admin/people/page.tsx", "app/admin/audit-log/page.tsx"]),
    );
  });

  describe.each(entries.map((e) => [e.file, e] as const))("%s", (_f, entry) => {
    it("anonymous and a removed administrator's session: redirected to /login (or to another admin page)", async () => {
      for (const who of [null, removed]) {
        const outcome = await render(entry, who);
        expect(outcome, `${entry.file} as ${who ? "removed" : "anonymous"}`).toHaveProperty("redirect");
        const to = (outcome as { redirect: string }).redirect;
        expect(to === "/login" || adminRoutes.has(to), `${entry.file} → ${to}`).toBe(true);
      }
    });

    it("member: sent to /me (or to the same admin page anyone is sent to), never rendered", async () => {
      const anonymous = await render(entry, null);
      const forwarding = "redirect" in anonymous && adminRoutes.has(anonymous.redirect);
      expect(await render(entry, member), entry.file).toEqual(forwarding ? anonymous : { redirect: "/me" });
    });

    it("viewer and admin: rendered, or sent to the same admin page anyone is sent to", async () => {
      const anonymous = await render(entry, null);
      const forwarding = "redirect" in anonymous && adminRoutes.has(anonymous.redirect);
      for (const who of [viewer, admin]) {
        expect(await render(entry, who), `${entry.file} as ${who.role}`).toEqual(forwarding ? anonymous : { rendered: true });
      }
    });
  });

  describe("outside app/admin", () => {
    const home: Entry = { file: "app/page.tsx", route: "/", kind: "page" };
    const me: Entry = { file: "app/me/page.tsx", route: "/me", kind: "page" };

    it("/ sends each role to its home: members to /me, viewers and admins to the dashboard, visitors to /login", async () => {
      expect(await render(home, null)).toEqual({ redirect: "/login" });
      expect(await render(home, removed)).toEqual({ redirect: "/login" });
      expect(await render(home, member)).toEqual({ redirect: "/me" });
      for (const who of [viewer, admin]) expect(await render(home, who)).toEqual({ redirect: "/admin/service-accounts" });
    });

    it("/me: rendered for every role, visitors and removed people to /login", async () => {
      expect(await render(me, null)).toEqual({ redirect: "/login" });
      expect(await render(me, removed)).toEqual({ redirect: "/login" });
      for (const who of [member, viewer, admin]) expect(await render(me, who)).toEqual({ rendered: true });
    });
  });
});
