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

describe("AuthFailureLimiter", () => {
  it("counts each refused credential once per window", async () => {
    const limiter = new AuthFailureLimiter(LIMITS);
    for (let i = 0; i < 50; i++) await limiter.recordRefusal("client", "the same revoked key");
    expect(await limiter.blockedMs("client")).toBe(0);
    await limiter.recordRefusal("client", "guess 1");
    expect(await limiter.blockedMs("client")).toBe(0);
    await limiter.recordRefusal("client", "guess 2");
    expect(await limiter.blockedMs("client")).toBe(5_000);
  });

  it("counts a credential again in the next window", async () => {
    const limiter = new AuthFailureLimiter(LIMITS);
    for (let window = 0; window < 3; window++) {
      await limiter.recordRefusal("client", "the same revoked key");
      vi.advanceTimersByTime(10_000);
    }
    expect(await limiter.blockedMs("client")).toBe(0);
    await limiter.recordRefusal("client", "the same revoked key");
    await limiter.recordRefusal("client", "guess 1");
    await limiter.recordRefusal("client", "guess 2");
    expect(await limiter.blockedMs("client")).toBeGreaterThan(0);
  });

  it("keeps clients apart, and the same credential from two clients counts for each", async () => {
    const limiter = new AuthFailureLimiter(LIMITS);
    for (const guess of ["k1", "k2", "k3"]) await limiter.recordRefusal("a", guess);
    await limiter.recordRefusal("b", "k1");
    expect(await limiter.blockedMs("a")).toBeGreaterThan(0);
    expect(await limiter.blockedMs("b")).toBe(0);
  });
});
