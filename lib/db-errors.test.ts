// What lib/'s readers of database errors make of an error db/query-errors.ts stripped of its query
// parameters: the Postgres code, the log's one line (without the parameters) and "the database is
// unreachable" still come through. The redaction itself is db/query-errors.test.ts.
import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withoutParameters } from "@/db/query-errors";
import { pgErrorCode } from "./db-errors";
import { isDatabaseUnavailable } from "./db-health";
import { describeError } from "./errors";

const SQL = 'insert into "workspaces" ("name") values ($1)';
const SECRET = "canary-secret-name";

describe("a redacted database error, as lib/ reads it", () => {
  it("a unique violation: its code, and a log line that names the constraint but not the value", () => {
    const cause = Object.assign(new Error(`duplicate key value violates unique constraint "workspaces_name_unique"`), {
      code: "23505",
      detail: `Key (name)=(${SECRET}) already exists.`,
    });
    Object.defineProperty(cause, "parameters", { value: [SECRET] });
    const error = withoutParameters(new DrizzleQueryError(SQL, [SECRET], cause), SQL, [SECRET]);
    expect(pgErrorCode(error)).toBe("23505");
    expect(describeError(error)).toBe('23505 duplicate key value violates unique constraint "workspaces_name_unique"');
  });

  it("a value Postgres echoes in its message is not in the log line", () => {
    const cause = Object.assign(new Error(`invalid input syntax for type uuid: "${SECRET}"`), { code: "22P02" });
    const error = withoutParameters(new DrizzleQueryError("select $1", [SECRET], cause), "select $1", [SECRET]);
    expect(describeError(error)).toBe('22P02 invalid input syntax for type uuid: "[parameter $1]"');
  });

  it("an unreachable database (AggregateError of socket errors) is still recognised", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect", port: 5432 });
    const aggregate = Object.assign(new AggregateError([refused], ""), { code: "ECONNREFUSED" });
    const error = withoutParameters(new DrizzleQueryError(SQL, [SECRET], aggregate), SQL, [SECRET]);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(describeError(error)).not.toContain(SECRET);
  });

  it("a driver error rebuilt without drizzle's wrapper (the PGlite key lookup) keeps its code", () => {
    const hash = "a".repeat(64);
    const raw = Object.assign(new Error("prepared statement does not exist"), { code: "26000", query: `execute s('team-a', '${hash}')`, params: [] });
    const error = withoutParameters(raw, "execute s($1, $2)", ["team-a", hash]);
    expect(pgErrorCode(error)).toBe("26000");
    expect(describeError(error)).not.toContain(hash);
  });
});
