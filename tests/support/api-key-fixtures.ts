import { sql, type SQL } from "drizzle-orm";
import { getDb, getDbHandle, type Db } from "@/db/client";
import { createApiKey } from "@/lib/actions/api-keys";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { createWorkspace } from "@/lib/actions/workspaces";
import { accessOf, form, uniqueName } from "./fixtures";

/** Rows of a raw query on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function rowsOf<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
  const result = (await getDb().execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export async function newWorkspace(prefix = "ws"): Promise<{ id: string; name: string }> {
  const result = await createWorkspace(null, form({ name: uniqueName(prefix) }));
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}

export async function newAccount(fields: Record<string, string | string[]> = {}): Promise<{ id: string; name: string }> {
  const result = await createServiceAccount(null, form({ name: uniqueName("svc"), ...accessOf(fields), ...fields }));
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}

/** A key issued through the dashboard action, as an administrator would. */
export async function newKey(serviceAccountId: string, name = ""): Promise<{ id: string; key: string; hint: string }> {
  const result = await createApiKey(null, form({ serviceAccountId, name }));
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}

/**
 * Every value of every column of every table in the application's schemas, as text, tagged with
 * where it came from. Small test databases only.
 */
export async function everyStoredValue(): Promise<{ where: string; value: string }[]> {
  const columns = await rowsOf<{ table_schema: string; table_name: string; column_name: string }>(sql`
    select c.table_schema, c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
    order by 1, 2, 3`);
  const out: { where: string; value: string }[] = [];
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (const c of columns) {
    const rows = await rowsOf<{ v: string | null }>(
      sql.raw(`select ${ident(c.column_name)}::text as v from ${ident(c.table_schema)}.${ident(c.table_name)}`),
    );
    for (const { v } of rows) if (v !== null) out.push({ where: `${c.table_schema}.${c.table_name}.${c.column_name}`, value: v });
  }
  return out;
}

/** A database handle that fails the test the moment anything touches it. */
export const untouchableDb = new Proxy({} as Db, {
  get(_target, property) {
    throw new Error(`the database was used (${String(property)})`);
  },
});

/**
 * The statements sent to the database through the key checks' client while `run` runs, as the
 * driver receives them (PGlite `query`/`exec`, postgres.js `unsafe`, which drizzle calls).
 */
export async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const handle = getDbHandle();
  const client = (handle.keyChecks as unknown as { $client: Record<string, (...args: unknown[]) => unknown> }).$client;
  const methods = handle.driver === "pglite" ? ["query", "exec"] : ["unsafe"];
  const sent: string[] = [];
  const originals = methods.map((name) => [name, client[name]!] as const);
  for (const [name, original] of originals) {
    client[name] = (...args: unknown[]) => {
      sent.push(String(args[0]));
      return original.apply(client, args);
    };
  }
  try {
    await run();
  } finally {
    for (const [name, original] of originals) client[name] = original;
  }
  return sent;
}

/** Makes every audit insert fail, to show that the change it records rolls back with it. */
export async function withBrokenAuditLog(run: () => Promise<void>) {
  const db = getDb();
  await db.execute(sql.raw(`create or replace function test_fail_audit() returns trigger language plpgsql
    as $$ begin raise exception 'audit log unavailable'; end $$`));
  await db.execute(sql.raw(`create trigger test_fail_audit before insert on audit_events for each row execute function test_fail_audit()`));
  try {
    await run();
  } finally {
    await db.execute(sql.raw(`drop trigger test_fail_audit on audit_events`));
  }
}
