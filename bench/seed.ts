// Bulk seeding for the benchmarks: workspaces, service accounts and keys, straight into the tables.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { administrators, apiKeys, serviceAccounts, serviceAccountWorkspaces, workspaces } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";

export type SeededKey = { key: string; id: string; serviceAccountId: string; workspace: string };
export type Seed = { workspaces: string[]; keys: SeededKey[]; accounts: number };

export const BENCH_ADMIN = { email: "bench@example.test", password: "bench password 0123456789" };
const BATCH = 1000;

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export async function seedAdministrator(db: Db): Promise<void> {
  await db
    .insert(administrators)
    .values({ email: BENCH_ADMIN.email, name: "Bench", role: "admin", passwordHash: await hashPassword(BENCH_ADMIN.password) })
    .onConflictDoNothing();
}

export async function seedWorkspaces(db: Db, count: number): Promise<{ id: string; name: string }[]> {
  const rows = Array.from({ length: count }, (_, i) => ({ name: `ws-${String(i).padStart(3, "0")}` }));
  return db.insert(workspaces).values(rows).returning({ id: workspaces.id, name: workspaces.name });
}

/**
 * Adds `count` accounts (names continue from `offset`) with `keysPerAccount` keys each. One in
 * three accounts is restricted to two workspaces; most have a default workspace; some were used.
 */
export async function seedAccounts(
  db: Db,
  ws: { id: string; name: string }[],
  count: number,
  keysPerAccount: number,
  offset = 0,
): Promise<SeededKey[]> {
  const keys: SeededKey[] = [];
  const now = Date.now();
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const plan = Array.from({ length: n }, (_, j) => {
      const i = offset + start + j;
      const home = ws[i % ws.length]!;
      const other = ws[(i + 7) % ws.length]!;
      const restricted = i % 3 === 0;
      return { i, home, other, restricted };
    });
    const accounts = await db
      .insert(serviceAccounts)
      .values(
        plan.map(({ i, home }) => ({
          name: `svc-${String(i).padStart(6, "0")}-${randomBytes(2).toString("hex")}`,
          defaultWorkspaceId: i % 10 === 9 ? null : home.id,
          lastUsedAt: i % 4 === 0 ? null : new Date(now - (i % 100_000) * 1000),
        })),
      )
      .returning({ id: serviceAccounts.id });
    const links = plan.flatMap((p, j) =>
      p.restricted
        ? [
            { serviceAccountId: accounts[j]!.id, workspaceId: p.home.id },
            { serviceAccountId: accounts[j]!.id, workspaceId: p.other.id },
          ]
        : [],
    );
    if (links.length) await db.insert(serviceAccountWorkspaces).values(links);
    const keyRows = plan.flatMap((p, j) =>
      Array.from({ length: keysPerAccount }, () => {
        const key = generateApiKey();
        keys.push({ key, id: "", serviceAccountId: accounts[j]!.id, workspace: p.home.name });
        return { serviceAccountId: accounts[j]!.id, hash: hashApiKey(key), hint: keyHint(key) };
      }),
    );
    const firstKey = keys.length - keyRows.length;
    await inBatches(keyRows, async (batch) => {
      const ids = await db.insert(apiKeys).values(batch).returning({ id: apiKeys.id, hash: apiKeys.hash });
      const byHash = new Map(ids.map((r) => [r.hash, r.id]));
      for (let k = firstKey; k < keys.length; k++) {
        const id = byHash.get(hashApiKey(keys[k]!.key));
        if (id) keys[k]!.id = id;
      }
    });
  }
  await db.execute(sql`analyze`);
  return keys;
}
