import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthFailureLimiter } from "./auth-api";
import { FailureLimiter, retryAfterSeconds } from "./failure-limiter";

// Fake timers drive both Date.now() and the store's expiry timers: no test waits for real.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const LIMITS = { failures: 3, windowS: 10, blockS: 5 };

describe("FailureLimiter", () => {
  it("allows exactly `failures` failures, then blocks for blockS", async () => {
    const limiter = new FailureLimiter(LIMITS, "t1");
    for (let i = 0; i < 2; i++) {
      await limiter.recordFailure("a");
      expect(await limiter.blockedMs("a")).toBe(0);
    }
    await limiter.recordFailure("a");
    expect(await limiter.blockedMs("a")).toBe(5_000);
    vi.advanceTimersByTime(4_000);
    expect(retryAfterSeconds(await limiter.blockedMs("a"))).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(await limiter.blockedMs("a")).toBe(0);
  });

  it("counts keys separately", async () => {
    const limiter = new FailureLimiter(LIMITS, "t2");
    for (let i = 0; i < 3; i++) await limiter.recordFailure("a");
    expect(await limiter.blockedMs("a")).toBeGreaterThan(0);
    expect(await limiter.blockedMs("b")).toBe(0);
  });

  it("forgets failures once the window has passed", async () => {
    const limiter = new FailureLimiter(LIMITS, "t3");
    await limiter.recordFailure("a");
    await limiter.recordFailure("a");
    vi.advanceTimersByTime(10_000);
    await limiter.recordFailure("a");
    await limiter.recordFailure("a");
    expect(await limiter.blockedMs("a")).toBe(0);
  });

  it("starts afresh after a block and after a reset", async () => {
    const limiter = new FailureLimiter(LIMITS, "t4");
    for (let i = 0; i < 3; i++) await limiter.recordFailure("a");
    vi.advanceTimersByTime(5_000);
    await limiter.recordFailure("a");
    expect(await limiter.blockedMs("a")).toBe(0);
    await limiter.recordFailure("a");
    await limiter.reset("a");
    await limiter.recordFailure("a");
    await limiter.recordFailure("a");
    expect(await limiter.blockedMs("a")).toBe(0);
  });

  it("stays blocked when failures that raced the check keep arriving", async () => {
    const limiter = new FailureLimiter(LIMITS, "t5");
    await Promise.all(Array.from({ length: 6 }, () => limiter.recordFailure("a")));
    expect(await limiter.blockedMs("a")).toBe(5_000);
  });

  it("does nothing with 0 failures (off)", async () => {
    const limiter = new FailureLimiter({ ...LIMITS, failures: 0 }, "t6");
    expect(limiter.enabled).toBe(false);
    for (let i = 0; i < 100; i++) await limiter.recordFailure("a");
    expect(await limiter.blockedMs("a")).toBe(0);
  });
});

describe("retryAfterSeconds", () => {
  it("rounds up to whole seconds, at least 1", () => {
    expect([1, 999, 1000, 1001, 59_001].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 60]);
  });
});

describe("FailureLimiter memory", () => {
  it("remembers at most maxKeys keys, forgetting the least recently failing first", () => {
    const limiter = new FailureLimiter(LIMITS, "t7", 100);
    for (let i = 0; i < 10_000; i++) limiter.recordFailure(`client-${i}`);
    expect(limiter.size).toBe(100);
    for (let i = 0; i < 3; i++) limiter.recordFailure("kept");
    for (let i = 0; i < 50; i++) limiter.recordFailure(`later-${i}`);
    expect(limiter.blockedMs("kept")).toBe(5_000);
  });
});

describe("AuthFailureLimiter", () => {
  it("counts each unknown credential once per window, then answers further unknown ones as limited", () => {
    const limiter = new AuthFailureLimiter(LIMITS);
    for (let i = 0; i < 50; i++) expect(limiter.unknownCredential("client", "the same revoked key")).toEqual({ limited: false });
    expect(limiter.blockedMs("client")).toBe(0);
    expect(limiter.unknownCredential("client", "guess 1")).toEqual({ limited: false });
    expect(limiter.blockedMs("client")).toBe(0);
    // The one that uses up the allowance still gets its ordinary answer; the next is limited.
    expect(limiter.unknownCredential("client", "guess 2")).toEqual({ limited: false });
    expect(limiter.blockedMs("client")).toBe(5_000);
    expect(limiter.unknownCredential("client", "guess 3")).toEqual({ limited: true, retryAfterMs: 5_000 });
    expect(limiter.unknownCredential("client", "the same revoked key")).toMatchObject({ limited: true });
  });

  it("counts a credential again once its window has passed", () => {
    const limiter = new AuthFailureLimiter(LIMITS);
    for (let i = 0; i < 2; i++) {
      limiter.unknownCredential("client", "the same revoked key");
      vi.advanceTimersByTime(10_000);
    }
    expect(limiter.blockedMs("client")).toBe(0);
    limiter.unknownCredential("client", "the same revoked key");
    limiter.unknownCredential("client", "guess 1");
    limiter.unknownCredential("client", "guess 2");
    expect(limiter.blockedMs("client")).toBeGreaterThan(0);
  });

  it("keeps clients apart, and the same credential from two clients counts for each", () => {
    const limiter = new AuthFailureLimiter(LIMITS);
    for (const guess of ["k1", "k2", "k3"]) limiter.unknownCredential("a", guess);
    limiter.unknownCredential("b", "k1");
    expect(limiter.blockedMs("a")).toBeGreaterThan(0);
    expect(limiter.blockedMs("b")).toBe(0);
  });

  it("stays bounded under a flood of distinct clients and credentials", () => {
    const limiter = new AuthFailureLimiter(LIMITS, 1_000);
    for (let i = 0; i < 20_000; i++) limiter.unknownCredential(`198.51.${i >> 8}.${i & 255}`, `guess ${i}`);
    for (let i = 0; i < 20_000; i++) limiter.unknownCredential("one client", `guess ${i}`);
    expect(limiter.size.clients).toBeLessThanOrEqual(1_000);
    expect(limiter.size.pairs).toBeLessThanOrEqual(2_000);
    expect(limiter.blockedMs("one client")).toBeGreaterThan(0);
  });

  it("does nothing when off", () => {
    const limiter = new AuthFailureLimiter({ ...LIMITS, failures: 0 });
    for (let i = 0; i < 100; i++) expect(limiter.unknownCredential("client", `guess ${i}`)).toEqual({ limited: false });
    expect(limiter.size).toEqual({ clients: 0, pairs: 0 });
  });
});
