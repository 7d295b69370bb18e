import { afterEach, describe, expect, it, vi } from "vitest";
import { createFailureLog, DatabaseTimeoutError, isDatabaseUnavailable, isPostgresWriteFault, withDeadline } from "./db-health";

afterEach(() => vi.useRealTimers());

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** How drizzle reports a driver error: its own message, the driver's error as the cause. */
const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1\nparams: "), { cause });

describe("isDatabaseUnavailable", () => {
  it.each(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "57P01", "57P03", "08006", "53300"])(
    "%s, also wrapped by drizzle → true",
    (code) => {
      expect(isDatabaseUnavailable(coded(code))).toBe(true);
      expect(isDatabaseUnavailable(wrapped(coded(code)))).toBe(true);
    },
  );

  it("a deadline that passed → true; an AggregateError of refused connections (IPv4 + IPv6) → true", () => {
    expect(isDatabaseUnavailable(new DatabaseTimeoutError(1500))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")])))).toBe(true);
  });

  it("errors of a reachable database, or of the code → false", () => {
    expect(isDatabaseUnavailable(wrapped(coded("23505")))).toBe(false); // unique violation
    expect(isDatabaseUnavailable(wrapped(coded("42P01")))).toBe(false); // undefined table
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});

describe("withDeadline", () => {
  it("passes the result through and clears its timer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }); // setImmediate stays real: the deadline waits one turn of the loop
    await expect(withDeadline(Promise.resolve(42), 1_000)).resolves.toBe(42);
    await expect(withDeadline(Promise.reject(coded("ECONNREFUSED")), 1_000)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with DatabaseTimeoutError when the work is slower; the work's late failure is not unhandled", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }); // setImmediate stays real: the deadline waits one turn of the loop
    let fail!: (e: Error) => void;
    const slow = new Promise<never>((_, reject) => (fail = reject));
    const answer = withDeadline(slow, 1_500);
    const assertion = expect(answer).rejects.toBeInstanceOf(DatabaseTimeoutError);
    await vi.advanceTimersByTimeAsync(1_500);
    await assertion;
    fail(coded("ECONNREFUSED")); // vitest fails the run on an unhandled rejection
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("createFailureLog", () => {
  it("writes the first failure at once, then at most one line per interval with the count left out", () => {
    const lines: string[] = [];
    const log = createFailureLog("[t]", 10_000, (l) => lines.push(l));
    const error = wrapped(coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"));
    log("POST /opik/auth", error, 0);
    for (let t = 1; t < 10; t++) log("POST /opik/auth", error, t * 1_000);
    log("GET /x", error, 10_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("[t] POST /opik/auth: the database is unreachable: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:5432");
    expect(lines[1]).toMatch(/^\[t\] GET \/x: .*\(and 9 more like it since the last report\)$/);
    expect(lines.join("\n")).not.toMatch(/Failed query|params/);
  });
});

describe("isPostgresWriteFault", () => {
  const fault = (stack: string) => Object.assign(new TypeError("Cannot read properties of null (reading 'write')"), { stack });
  it("recognises postgres.js's deferred write on a closed connection", () => {
    expect(
      isPostgresWriteFault(
        fault(
          "TypeError: Cannot read properties of null (reading 'write')\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)",
        ),
      ),
    ).toBe(true);
    expect(isPostgresWriteFault(fault("TypeError: x\n    at a (/app/node_modules/postgres/cjs/src/connection.js:255:22)"))).toBe(true);
  });
  it("ignores other errors", () => {
    expect(isPostgresWriteFault(fault("TypeError: x\n    at writeHead (/app/lib/other.js:1:1)"))).toBe(false);
    expect(isPostgresWriteFault(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isPostgresWriteFault(new Error("Cannot read properties of null (reading 'write')"))).toBe(false);
  });
});
