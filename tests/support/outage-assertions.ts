import { expect } from "vitest";
import { LEASE } from "@/db/change-barrier";
import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { secrets, poll, seedContractFixtures, type Fixtures } from "./contract-fixtures";
import { brief, jsonOf, type Reply } from "./contract-http";

// Fixtures and assertions of the database-outage contract tests (tests/contract/outage*.test.ts).

export type OutageFixtures = Fixtures & { adminId: string };

/** The contract fixtures and an admin who signs in to the dashboard during the outage. */
export async function seedOutageFixtures(database: Db, admin: { email: string; password: string }): Promise<OutageFixtures> {
  const fixtures = await seedContractFixtures(database);
  const [row] = await database
    .insert(administrators)
    .values({ email: admin.email, name: "Outage Admin", role: "admin", passwordHash: await hashPassword(admin.password) })
    .returning({ id: administrators.id });
  return { ...fixtures, adminId: row!.id };
}

/**
 * A page whose server render failed: a 500 with Next.js's error document, which the browser turns
 * into app/error.tsx; the only thing about the error in it is its digest: no stack trace, no SQL.
 */
export function expectErrorDocument(res: Reply): void {
  expect(res.status, brief(res)).toBe(500);
  expect(res.header("content-type") ?? "").toMatch(/^text\/html/);
  expect(res.text).toContain('id="__next_error__"');
  expect(res.text).not.toMatch(/\n\s+at\s|\bat [\w.<>]+ \(|node_modules\/|ECONNREFUSED|Failed query|administrators|\.(ts|tsx|mjs):\d+/);
}

/** Server output without the one uncaught exception postgres.js 3.4.9 is known to throw (lib/db-health.ts). */
export const unexpectedFaults = (output: string) =>
  output
    .replace(/⨯ uncaughtException:\s+TypeError: Cannot read properties of null \(reading 'write'\)/g, "")
    .match(/unhandledRejection|uncaughtException/gi) ?? [];

/** The contract's error shape with 503, a message that names the cause, and nothing leaked. */
export function expectOutage503(res: Reply): void {
  expect(res.status, brief(res)).toBe(503);
  const body = jsonOf(res);
  expect(Object.keys(body).sort()).toStrictEqual(["code", "msg"]);
  expect(body.code).toBe(503);
  expect(body.msg).toMatch(/database/);
  expectNoLeak(res);
  for (const key of secrets) expect(res.text.includes(key), "a plaintext key is echoed in the body").toBe(false);
}

/** Polls `check` until it is true; fails with the last `describe()` otherwise. */
export async function expectEventually(check: () => Promise<boolean>, timeoutMs: number, describe: () => Promise<unknown>): Promise<void> {
  const ok = await poll(() => check().catch(() => false), timeoutMs, 200);
  expect(ok, `still ${JSON.stringify(await describe().catch(() => null))} after ${timeoutMs} ms`).toBe(true);
}

/** An error answer of the dashboard: no stack trace, no driver message, no SQL. */
export function expectNoLeak(res: Reply): void {
  expect(res.text).not.toMatch(/\n\s+at\s|node_modules\/|ECONNREFUSED|CONNECTION_CLOSED|Failed query|insert into/i);
}

/**
 * Waits until the server no longer answers checks from memory (its metric `sa_check_cache_serving`
 * reads 0). With its database gone, an instance stops renewing its lease and so stops serving from
 * memory once the lease ends (README "Key checks from memory"): until then, a remembered key is
 * still answered (safely: no change can commit without the database), and after it every check
 * reads the database and gets its 503.
 */
export async function untilServedFromDatabase(baseUrl: string): Promise<void> {
  const serving = async () => /^sa_check_cache_serving 1$/m.test(await (await fetch(`${baseUrl}/api/metrics`)).text());
  const stopped = await poll(async () => !(await serving()), LEASE.ms + 3_000);
  expect(stopped, "the server still answers from memory after its lease").toBe(true);
}
