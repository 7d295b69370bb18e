import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { serviceAccounts } from "@/db/schema";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { createWorkspace } from "@/lib/actions/workspaces";
import { serviceAccountListParamsSchema } from "@/lib/validations/service-accounts";
import { insertApiKey } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

// This file owns its database: every account in it is created here, so totals are exact.
const NAMES = [
  "alpha-ci",
  "Beta_Monitor",
  "gamma.sync",
  "delta-ci",
  "epsilon_ci",
  "zeta",
  "a_b",
  "axb",
  "ALPHA-backup",
  ...Array.from({ length: 16 }, (_, i) => `bulk-${String(i).padStart(2, "0")}`),
];
const ids: Record<string, string> = {};
let wsProd: { id: string; name: string };
let wsDev: { id: string; name: string };

function list(params: Record<string, unknown>) {
  return listServiceAccounts(getDb(), serviceAccountListParamsSchema.parse(params));
}

async function names(params: Record<string, unknown>): Promise<string[]> {
  return (await list({ size: "100", ...params })).rows.map((r) => r.name);
}

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  const ws = async (name: string) => {
    const r = await createWorkspace(null, form({ name }));
    if (!r.ok) throw new Error(r.message);
    return r.data!;
  };
  [wsProd, wsDev] = [await ws("prod"), await ws("dev")];
  for (const name of NAMES) {
    const fields: Record<string, string | string[]> = { name };
    if (name === "alpha-ci") Object.assign(fields, { defaultWorkspaceId: wsProd.id, authorizedWorkspaceIds: [wsProd.id, wsDev.id] });
    else fields.allWorkspaces = "true";
    if (name === "zeta") Object.assign(fields, { defaultWorkspaceId: wsDev.id });
    const r = await createServiceAccount(null, form(fields));
    if (!r.ok) throw new Error(r.message);
    ids[name] = r.data!.id;
  }
  await insertApiKey(ids["alpha-ci"]!);
  await insertApiKey(ids["alpha-ci"]!);
  await insertApiKey(ids["alpha-ci"]!);
  await insertApiKey(ids["zeta"]!);
});

describe("listServiceAccounts", () => {
  it("returns the first page with totals, newest first by default", async () => {
    const page = await list({});
    expect(page).toMatchObject({ total: NAMES.length, page: 1, pageCount: 2 });
    expect(page.rows).toHaveLength(20);
    expect(page.rows[0]!.name).toBe(NAMES.at(-1));
    const created = page.rows.map((r) => r.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it("returns each row's default workspace, authorized workspaces and API key count", async () => {
    const rows = (await list({ q: "alpha-ci" })).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: ids["alpha-ci"],
      name: "alpha-ci",
      defaultWorkspace: { id: wsProd.id, name: "prod" },
      authorizedWorkspaces: [
        { id: wsDev.id, name: "dev" },
        { id: wsProd.id, name: "prod" },
      ],
      apiKeyCount: 3,
      lastUsedAt: null,
    });
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);
    expect((await list({ q: "zeta" })).rows[0]).toMatchObject({ defaultWorkspace: { id: wsDev.id, name: "dev" }, authorizedWorkspaces: [], apiKeyCount: 1 });
    expect((await list({ q: "gamma.sync" })).rows[0]).toMatchObject({ defaultWorkspace: null, authorizedWorkspaces: [], apiKeyCount: 0 });
  });

  it("never returns a key hash", async () => {
    const row = (await list({ q: "alpha-ci" })).rows[0]!;
    expect(JSON.stringify(row)).not.toMatch(/[0-9a-f]{64}/);
  });

  it("searches case-insensitively for a substring", async () => {
    expect((await names({ q: "ALPHA", sort: "name", dir: "asc" }))).toEqual(["ALPHA-backup", "alpha-ci"]);
    expect(await names({ q: "monitor" })).toEqual(["Beta_Monitor"]);
    expect((await names({ q: "-ci", sort: "name", dir: "asc" }))).toEqual(["alpha-ci", "delta-ci"]);
    const page = await list({ q: "ci" });
    expect(page).toMatchObject({ total: 3, pageCount: 1 });
  });

  it("treats _ and % literally", async () => {
    expect((await names({ q: "_", sort: "name", dir: "asc" }))).toEqual(["a_b", "Beta_Monitor", "epsilon_ci"]);
    expect(await names({ q: "a_b" })).toEqual(["a_b"]);
    expect(await list({ q: "%" })).toMatchObject({ total: 0, rows: [], page: 1, pageCount: 1 });
    expect(await list({ q: "a%b" })).toMatchObject({ total: 0 });
    expect(await list({ q: "\\" })).toMatchObject({ total: 0 });
  });

  it("treats SQL and HTML metacharacters as plain text", async () => {
    expect(await list({ q: "' or '1'='1" })).toMatchObject({ total: 0, rows: [] });
    expect(await list({ q: "<script>" })).toMatchObject({ total: 0, rows: [] });
    expect(await getDb().select({ id: serviceAccounts.id }).from(serviceAccounts)).toHaveLength(NAMES.length);
  });

  it("sorts by name ascending and descending, ignoring letter case", async () => {
    // Chosen so byte order and linguistic collations agree.
    const expected = [...NAMES].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(await names({ sort: "name", dir: "asc" })).toEqual(expected);
    expect(await names({ sort: "name", dir: "desc" })).toEqual([...expected].reverse());
  });

  it("paginates with page counts and clamps a page beyond the end", async () => {
    const all = await names({ sort: "name", dir: "asc" });
    const p1 = await list({ sort: "name", dir: "asc", size: "10", page: "1" });
    const p3 = await list({ sort: "name", dir: "asc", size: "10", page: "3" });
    expect(p1).toMatchObject({ total: NAMES.length, page: 1, pageCount: 3 });
    expect(p1.rows.map((r) => r.name)).toEqual(all.slice(0, 10));
    expect(p3).toMatchObject({ page: 3, pageCount: 3 });
    expect(p3.rows.map((r) => r.name)).toEqual(all.slice(20));
    const beyond = await list({ sort: "name", dir: "asc", size: "10", page: "999" });
    expect(beyond).toMatchObject({ page: 3, pageCount: 3, total: NAMES.length });
    expect(beyond.rows.map((r) => r.name)).toEqual(all.slice(20));
  });

  it("gives page 1 of 1 and no rows when nothing matches", async () => {
    expect(await list({ q: "no-such-account", page: "5" })).toEqual({ total: 0, page: 1, pageCount: 1, rows: [] });
  });

  it("sorts by last use with never-used accounts last in both directions", async () => {
    const db = getDb();
    await db.update(serviceAccounts).set({ lastUsedAt: new Date("2025-01-01T00:00:00Z") }).where(eq(serviceAccounts.id, ids["zeta"]!));
    await db.update(serviceAccounts).set({ lastUsedAt: new Date("2025-06-01T00:00:00Z") }).where(eq(serviceAccounts.id, ids["axb"]!));
    try {
      expect((await names({ sort: "lastUsedAt", dir: "desc" })).slice(0, 2)).toEqual(["axb", "zeta"]);
      expect((await names({ sort: "lastUsedAt", dir: "asc" })).slice(0, 2)).toEqual(["zeta", "axb"]);
      const row = (await list({ q: "axb" })).rows[0]!;
      expect(row.lastUsedAt?.toISOString()).toBe("2025-06-01T00:00:00.000Z");
    } finally {
      await db.update(serviceAccounts).set({ lastUsedAt: null }).where(inArray(serviceAccounts.id, [ids["zeta"]!, ids["axb"]!]));
    }
  });

  it("orders by last use with ties broken by id and never-used accounts last, on every page", async () => {
    const db = getDb();
    // bulk-03 and bulk-11 share a time, so only the id orders them.
    const used: Record<string, string> = {
      "delta-ci": "2024-12-31T00:00:00Z",
      zeta: "2025-01-01T00:00:00Z",
      "bulk-03": "2025-03-01T00:00:00Z",
      "bulk-11": "2025-03-01T00:00:00Z",
      axb: "2025-06-01T00:00:00Z",
    };
    for (const [name, at] of Object.entries(used)) {
      await db.update(serviceAccounts).set({ lastUsedAt: new Date(at) }).where(eq(serviceAccounts.id, ids[name]!));
    }
    try {
      // uuid order is the order of their lowercase text.
      const byId = (a: string, b: string) => (ids[a]! < ids[b]! ? -1 : 1);
      const usedAsc = Object.keys(used).sort((a, b) => Date.parse(used[a]!) - Date.parse(used[b]!) || byId(a, b));
      const neverAsc = NAMES.filter((n) => !(n in used)).sort(byId);
      expect(await names({ sort: "lastUsedAt", dir: "asc" })).toEqual([...usedAsc, ...neverAsc]);
      expect(await names({ sort: "lastUsedAt", dir: "desc" })).toEqual([...usedAsc.reverse(), ...neverAsc.reverse()]);

      // Pages past the middle are read from the end of the order: page by page, the same rows.
      for (const q of ["", "bulk"]) {
        for (const sort of ["name", "createdAt", "lastUsedAt"]) {
          for (const dir of ["asc", "desc"]) {
            const all = await names({ q, sort, dir });
            for (const size of [10, 20]) {
              const paged: string[] = [];
              for (let page = 1; page <= Math.ceil(all.length / size); page++) {
                paged.push(...(await list({ q, sort, dir, size: String(size), page: String(page) })).rows.map((r) => r.name));
              }
              expect(paged, `q=${q} sort=${sort} dir=${dir} size=${size}`).toEqual(all);
            }
          }
        }
      }
    } finally {
      await db.update(serviceAccounts).set({ lastUsedAt: null }).where(inArray(serviceAccounts.id, Object.keys(used).map((n) => ids[n]!)));
    }
  });
});
