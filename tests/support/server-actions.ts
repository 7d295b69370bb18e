import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { ActionResult } from "@/lib/validations/action-result";
import { rowsOf } from "./api-key-fixtures";

/**
 * Every server action of the app, discovered from the code rather than listed by hand, so a new
 * action is covered by the authorization and fuzz tests the day it is written.
 *
 * A file counts when its first statement is the "use server" directive (comments before it are
 * allowed, as in JavaScript); every exported function of such a file is a public POST endpoint.
 * Test files importing this must mock next-auth (lib/actions/auth.ts imports it), see
 * tests/integration/authorization-matrix.test.ts.
 */
export type ServerAction = (prev: unknown, payload?: unknown) => Promise<ActionResult<unknown> | void>;
export type DiscoveredAction = {
  name: string;
  file: string;
  run: ServerAction;
  isAsync: boolean;
  /** `permission` as written in the action's defineAction call; null when it does not use defineAction. */
  declaredPermission: string | null;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
export const ACTIONS_DIR = path.join(ROOT, "lib/actions");

/** True when the first statement of `source` is "use server" (leading comments and blank lines skipped). */
export function startsWithUseServer(source: string): boolean {
  const code = source.replace(/^(\s+|\/\/[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, "");
  return /^(["'])use server\1\s*(;|\n|$)/.test(code);
}

export function serverActionFiles(): string[] {
  return readdirSync(ACTIONS_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !/\.test\.|\.spec\./.test(f))
    .filter((f) => startsWithUseServer(readFileSync(path.join(ACTIONS_DIR, f), "utf8")))
    .sort();
}

function declaredPermissionOf(source: string, name: string): string | null {
  const call = new RegExp(`export\\s+const\\s+${name}\\s*=\\s*defineAction\\s*\\(\\s*\\{([^}]*)\\}`).exec(source);
  if (!call) return null;
  return /permission\s*:\s*["'](\w+)["']/.exec(call[1]!)?.[1] ?? "(none)";
}

export async function discoverServerActions(): Promise<DiscoveredAction[]> {
  const found: DiscoveredAction[] = [];
  for (const file of serverActionFiles()) {
    const source = readFileSync(path.join(ACTIONS_DIR, file), "utf8");
    const specifier = `@/lib/actions/${file.replace(/\.(ts|tsx|js|mjs)$/, "")}`;
    const mod = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      found.push({
        name,
        file,
        run: value as ServerAction,
        isAsync: value.constructor.name === "AsyncFunction",
        declaredPermission: declaredPermissionOf(source, name),
      });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Row count of every table in every schema the app owns, discovered from the catalog, in one query. */
export async function countAllTables(): Promise<Record<string, number>> {
  const tables = await rowsOf<{ s: string; t: string }>(sql`
    select table_schema as s, table_name as t from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1, 2`);
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = tables.map(({ s, t }) => `(select count(*)::int from ${ident(s)}.${ident(t)}) as ${ident(`${s}.${t}`)}`);
  if (columns.length === 0) return {};
  const [row] = await rowsOf<Record<string, number | string>>(sql.raw(`select ${columns.join(", ")}`));
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** Table → change in row count, only for tables that changed. */
export function countDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[table] ?? 0) - (before[table] ?? 0);
    if (d !== 0) out[table] = d;
  }
  return out;
}
