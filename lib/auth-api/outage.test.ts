import { afterEach, describe, expect, it, vi } from "vitest";
import { answerUnavailable, DATABASE_UNAVAILABLE_MESSAGE, UNAVAILABLE_MESSAGE } from "./outage";
import { withDeadline } from "@/lib/db-health";
import { json } from "@/lib/http/reply";
import { answerFrom, RouteTable } from "@/lib/http/router";
import { opikError } from "@/lib/http/errors";
import { inProcess } from "../../tests/support/in-process";

afterEach(() => vi.restoreAllMocks());

const refused = () => Object.assign(new Error("Failed query: select 1\nparams: abc"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });

/** A small route table wired as lib/auth-api/app.ts is: database work under a deadline, answerUnavailable as onError. */
function app(deadlineMs: number, hang: { release?: () => void } = {}) {
  const a = new RouteTable();
  a.get("/fast", () => json(200, { ok: true }));
  a.get("/hangs", async () => {
    await withDeadline(new Promise<void>((resolve) => (hang.release = resolve)), deadlineMs);
    return json(200, { late: true });
  });
  a.get("/refused", () => Promise.reject(refused()));
  a.post("/api/v1/keys/verify", async () => {
    await withDeadline(new Promise(() => {}), deadlineMs);
    return json(200, {});
  });
  a.get("/bug", () => {
    throw new TypeError("x is undefined");
  });
  const notFound = () => opikError(404, "Not found");
  return { request: inProcess(answerFrom(a, { notFound, methodNotAllowed: notFound, onError: answerUnavailable })) };
}

describe("database deadline + answerUnavailable", () => {
  it("database work that never answers → 503 {msg, code: 503} at the deadline, with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const hang: { release?: () => void } = {};
    // The work never finishes by itself: an answer can only come from the deadline's timer.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }); // setImmediate stays real: the deadline waits one turn of the loop
    let res: Response;
    try {
      const answered = app(50, hang).request("/hangs");
      await vi.advanceTimersByTimeAsync(50);
      res = await answered;
    } finally {
      vi.useRealTimers();
    }
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toStrictEqual({ msg: DATABASE_UNAVAILABLE_MESSAGE, code: 503 });
    hang.release?.(); // the abandoned work finishing later changes nothing
    await new Promise((r) => setTimeout(r, 10));
  });

  it("a fast handler is answered as usual and leaves no timer behind", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }); // setImmediate stays real: the deadline waits one turn of the loop
    try {
      const res = await app(1_500).request("/fast");
      expect(res.status).toBe(200);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a refused connection → 503 naming the database, logged without the query's parameters", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await app(1_500).request("/refused");
    expect(res.status).toBe(503);
    expect(await res.json()).toStrictEqual({ msg: DATABASE_UNAVAILABLE_MESSAGE, code: 503 });
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines.join("\n")).not.toMatch(/params|abc|\n\s+at /);
  });

  it("the native verify endpoint keeps its own shape at the deadline", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] }); // setImmediate stays real: the deadline waits one turn of the loop
    let res: Response;
    try {
      const answered = app(50).request("/api/v1/keys/verify", { method: "POST" });
      await vi.advanceTimersByTimeAsync(50);
      res = await answered;
    } finally {
      vi.useRealTimers();
    }
    expect(res.status).toBe(503);
    expect(await res.json()).toStrictEqual({ valid: false, code: "unavailable", message: DATABASE_UNAVAILABLE_MESSAGE });
  });

  it("any other failure → 503 with the general message", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await app(1_500).request("/bug");
    expect(res.status).toBe(503);
    expect(await res.json()).toStrictEqual({ msg: UNAVAILABLE_MESSAGE, code: 503 });
  });
});
