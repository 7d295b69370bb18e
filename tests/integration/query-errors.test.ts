// Failed queries carry no query parameter (issue 10, item 7). drizzle-orm wraps a driver error as
// "Failed query: <sql>\nparams: <values>", the driver's error holds the values too, and Next.js
// logs a failed request's error with util.inspect, cause included: a failed insert of an
// administrator printed the email and the argon2id hash. Through the app's own client, on both
// drivers, nothing of an error may show a parameter. (The production server's real log of a
// failing server action: tests/contract/query-error-logs.test.ts.)
import { inspect } from "node:util";
import { DrizzleQueryError, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, getDbHandle, type Db, type Tx } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { lookupKey } from "@/db/queries/verify";
import { administrators, workspaces } from "@/db/schema";
import { addPersonAction } from "@/lib/actions/people";
import { pgErrorCode, UNIQUE_VIOLATION } from "@/lib/db-errors";
import { createPerson } from "@/lib/domain/people";
import { describeError } from "@/lib/errors";
import { CLIENT_ADDRESS } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const CANARY_EMAIL = "canary-7f3a9c@example.test";
const CANARY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Y2FuYXJ5c2FsdA$Y2FuYXJ5aGFzaGNhbmFyeWhhc2g";
const CANARY_PASSWORD = "canary password 9d1e never printed";
const CANARY_TEXT = "canary-secret-4b8e2d";

/** Everything a log line could show of an error: its string, util.inspect (hidden fields too), JSON, the one-line description. */
function printable(error: unknown): string {
  return [String(error), (error as Error).stack, inspect(error), inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error), describeError(error)].join("\n");
}

function expectNoParameters(error: unknown, ...secrets: (string | RegExp)[]): void {
  const text = printable(error);
  expect(text).toContain("Failed query:"); // the scan reads the error it should
  for (const secret of [...secrets, "params:", /\$argon2id\$/]) {
    if (typeof secret === "string") expect(text).not.toContain(secret);
    else expect(text).not.toMatch(secret);
  }
}

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

const insertCanary = (db: Db | Tx = getDb()) =>
  db.insert(administrators).values({ email: CANARY_EMAIL, name: "Canary", role: "viewer", passwordHash: CANARY_HASH });

// Refuses administrators whose email starts with "refused-", echoing the email in the message and
// the hash in the detail: what a failed insert of a new administrator looks like at its worst.
const REFUSE_TRIGGER = [
  sql.raw(`
    create function refuse_canary() returns trigger language plpgsql as $$
    begin
      if new.email like 'refused-%' then
        raise exception 'refused administrator %', new.email using detail = 'hash ' || new.password_hash;
      end if;
      return new;
    end $$`),
  sql.raw("create trigger refuse_canary before insert on administrators for each row execute function refuse_canary()"),
];

let admin: AdministratorDto;

beforeAll(async () => {
  admin = await createAdministrator("admin");
  await insertCanary();
  for (const statement of REFUSE_TRIGGER) await getDb().execute(statement);
});
afterAll(async () => {
  await getDb().execute(sql`drop trigger if exists refuse_canary on administrators`);
  await getDb().execute(sql`drop function if exists refuse_canary()`);
});

describe(`through the app's database client (${process.env.TEST_DRIVER})`, () => {
  it("a unique violation: no email, no hash; the Postgres code is still readable through the cause", async () => {
    const error = await failure(() => insertCanary());
    expectNoParameters(error, CANARY_EMAIL);
    expect(error).toBeInstanceOf(DrizzleQueryError);
    expect((error as Error).message).toMatch(/^Failed query: insert into "administrators" /);
    expect(pgErrorCode(error)).toBe(UNIQUE_VIOLATION);
    expect(describeError(error)).toMatch(/^23505 duplicate key value violates unique constraint/);
  });

  it("a type error: Postgres echoes the value in its message; the message keeps its words, not the value", async () => {
    const error = await failure(() => getDb().select().from(administrators).where(eq(administrators.id, CANARY_TEXT)));
    expectNoParameters(error, CANARY_TEXT);
    expect(pgErrorCode(error)).toBe("22P02");
    expect(describeError(error)).toBe('22P02 invalid input syntax for type uuid: "[parameter $1]"');
  });

  it("inside a transaction and a nested one (savepoint), as lib/domain runs them", async () => {
    const error = await failure(() =>
      getDb().transaction(async (tx) => {
        await tx.insert(workspaces).values({ name: "query-errors-ws" });
        await tx.transaction(async (inner) => {
          await insertCanary(inner);
        });
      }),
    );
    expectNoParameters(error, CANARY_EMAIL, "query-errors-ws");
    expect(pgErrorCode(error)).toBe(UNIQUE_VIOLATION);
  });

  it("a raw statement through db.execute", async () => {
    const error = await failure(() => getDb().execute(sql`select ${CANARY_TEXT}::int`));
    expectNoParameters(error, CANARY_TEXT);
  });
});

describe("through lib/domain and a server action", () => {
  it("a failed insert of a new administrator (lib/domain): neither the email nor the argon2id hash of the password", async () => {
    const email = `refused-${Date.now()}@example.test`;
    const error = await failure(() =>
      createPerson({ email, name: "Refused", role: "viewer", password: CANARY_PASSWORD, defaultWorkspaceId: null, authorizedWorkspaceIds: [] }, { actor: admin, clientAddress: CLIENT_ADDRESS }),
    );
    expectNoParameters(error, email, CANARY_PASSWORD);
    expect(pgErrorCode(error)).toBe("P0001");
    expect(describeError(error)).toBe("P0001 refused administrator [parameter $1]");
  });

  it("the same failure through the server action, printed as Next.js prints it (console.error): nothing of the input", async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ")));
    try {
      signAs(admin);
      const email = `refused-action-${Date.now()}@example.test`;
      const error = await failure(() => addPersonAction(null, form({ allWorkspaces: "true", email, name: "Refused", role: "viewer", password: CANARY_PASSWORD })));
      // Next.js's server error handler: console.error(error) for an action that threw.
      console.error(error);
      console.error(`[action] failed: ${describeError(error)}`);
      const log = printed.join("\n");
      expect(log).toContain('Failed query: insert into "administrators"');
      expect(log).toContain("refused administrator [parameter $1]");
      expect(log).not.toContain(email);
      expect(log).not.toContain(CANARY_PASSWORD);
      expect(log).not.toMatch(/\$argon2id\$|params:/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe.runIf(getDbHandle().driver === "pglite")("the key lookup's own statement on PGlite (literals in its text)", () => {
  it("fails without the key hash in anything it shows", async () => {
    const hash = "c".repeat(64);
    expect(await lookupKey(getDb(), hash, "team-a")).toBeNull(); // prepares the statement
    const handle = getDbHandle();
    if (handle.driver !== "pglite") return;
    await handle.client.exec("deallocate verify_lookup_key");
    const error = await failure(() => lookupKey(getDb(), hash, "team-a"));
    const text = printable(error);
    expect(text).toContain("verify_lookup_key");
    expect(text).not.toContain(hash);
    expect(pgErrorCode(error)).toBe("26000");
  });
});
