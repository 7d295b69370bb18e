import { inspect } from "node:util";
import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { installQueryErrorRedaction, withoutParameters } from "./query-errors";

const SQL = 'insert into "administrators" ("email", "password_hash") values ($1, $2)';
const EMAIL = "canary.person@example.test";
const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

/**
 * Everything a log could show of an error (lib/db-errors.test.ts: what lib/'s readers of database
 * errors, the log's describeError among them, make of a redacted one).
 */
const everything = (error: unknown) => [String(error), inspect(error), inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error)].join("\n");

/** A driver error as postgres.js builds one: the values in `detail`, hidden `parameters` and `args`. */
function postgresJsError(): Error {
  const error = Object.assign(new Error(`duplicate key value violates unique constraint "administrators_email_unique"`), {
    name: "PostgresError",
    code: "23505",
    severity: "ERROR",
    detail: `Key (email)=(${EMAIL}) already exists.`,
    constraint_name: "administrators_email_unique",
  });
  Object.defineProperties(error, { parameters: { value: [EMAIL, HASH] }, args: { value: [EMAIL, HASH] }, query: { value: SQL } });
  return error;
}

describe("withoutParameters", () => {
  it("drops the parameters from drizzle's message, its fields, the cause's fields and every stack", () => {
    const error = withoutParameters(new DrizzleQueryError(SQL, [EMAIL, HASH], postgresJsError()), SQL, [EMAIL, HASH]);
    const text = everything(error);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain("argon2id");
    expect(text).not.toContain("params:");
    expect(error).toBeInstanceOf(DrizzleQueryError);
    expect((error as Error).message).toBe(`Failed query: ${SQL}`);
    expect((error as Error).stack).toMatch(/^Error: Failed query: insert into "administrators"[^\n]*\n\s+at /);
    // What callers read through `.cause` is still there.
    expect((error as Error).cause).toMatchObject({ name: "PostgresError", code: "23505", constraint_name: "administrators_email_unique" });
  });

  it("replaces a value Postgres echoes in its message, quoted whatever its length, and anywhere when 4 characters or more", () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "ab"; refused canary-secret-value (x)'), { code: "22P02" });
    const error = withoutParameters(new DrizzleQueryError("select $1, $2, $3", ["ab", "canary-secret-value", "x"], cause), "select $1, $2, $3", [
      "ab",
      "canary-secret-value",
      "x",
    ]) as Error;
    expect((error.cause as Error).message).toBe('invalid input syntax for type uuid: "[parameter $1]"; refused [parameter $2] (x)');
    expect(everything(error)).not.toMatch(/canary-secret-value|"ab"/);
  });

  it("never finds a value again inside another one's replacement", () => {
    const cause = new Error("bad value parameter-value");
    const error = withoutParameters(new DrizzleQueryError("q", ["parameter-value", "para"], cause), "q", ["parameter-value", "para"]) as Error;
    expect((error.cause as Error).message).toBe("bad value [parameter $1]");
  });

  it("finds values inside arrays, objects and dates", () => {
    const when = new Date("2026-01-02T03:04:05.678Z");
    const cause = new Error(`refused {"token":"nested-secret-1"} and inner-secret-2 at 2026-01-02T03:04:05.678Z`);
    const params = [{ token: "nested-secret-1" }, ["inner-secret-2"], when];
    const text = everything(withoutParameters(new DrizzleQueryError("q", params, cause), "q", params));
    expect(text).not.toMatch(/nested-secret-1|inner-secret-2|2026-01-02T03/);
  });

  it("keeps an unreachable database recognisable (AggregateError of socket errors, their codes)", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", port: 5432 });
    const aggregate = Object.assign(new AggregateError([refused], ""), { code: "ECONNREFUSED" });
    Object.defineProperty(aggregate, "parameters", { value: [EMAIL] });
    const error = withoutParameters(new DrizzleQueryError(SQL, [EMAIL], aggregate), SQL, [EMAIL]);
    expect((error as Error).cause).toBeInstanceOf(AggregateError);
    expect(((error as Error).cause as AggregateError).errors[0]).toMatchObject({ code: "ECONNREFUSED", port: 5432 });
    expect(everything(error)).not.toContain(EMAIL);
  });

  it("rebuilds a driver error thrown without drizzle's wrapper (the PGlite key lookup), dropping the statement text", () => {
    const hash = "a".repeat(64);
    const raw = Object.assign(new Error("prepared statement does not exist"), { code: "26000", query: `execute s('team-a', '${hash}')`, params: [] });
    const error = withoutParameters(raw, "execute s($1, $2)", ["team-a", hash]);
    expect(everything(error)).not.toContain(hash);
  });
});

describe("installQueryErrorRedaction", () => {
  it("patches a class once, and refuses a drizzle without queryWithCache instead of logging parameters again", async () => {
    class Prepared {
      async queryWithCache(sql: string, params: unknown[], query: () => Promise<unknown>) {
        try {
          return await query();
        } catch (e) {
          throw new DrizzleQueryError(sql, params, e as Error);
        }
      }
    }
    installQueryErrorRedaction(Prepared);
    const patched = Prepared.prototype.queryWithCache;
    installQueryErrorRedaction(Prepared);
    expect(Prepared.prototype.queryWithCache).toBe(patched);
    const failure = new Prepared().queryWithCache("select $1", [EMAIL], async () => {
      throw new Error(`no ${EMAIL}`);
    });
    await expect(failure).rejects.toThrow("Failed query: select $1");
    await failure.catch((error: unknown) => expect(everything(error)).not.toContain(EMAIL));

    class Moved {}
    expect(() => installQueryErrorRedaction(Moved)).toThrow(/queryWithCache is gone/);
  });
});
