import { afterEach, describe, expect, it, vi } from "vitest";
import { poolSize } from "./client";

afterEach(() => vi.unstubAllEnvs());

describe("poolSize", () => {
  it("unset or blank → the default", () => {
    vi.stubEnv("SA_TEST_POOL", "");
    expect(poolSize("SA_TEST_POOL", 7)).toBe(7);
    expect(poolSize("SA_TEST_POOL_NEVER_SET", 3)).toBe(3);
  });

  it("a whole number from 1 to 1000 is used", () => {
    vi.stubEnv("SA_TEST_POOL", " 4 ");
    expect(poolSize("SA_TEST_POOL", 7)).toBe(4);
    vi.stubEnv("SA_TEST_POOL", "1000");
    expect(poolSize("SA_TEST_POOL", 7)).toBe(1000);
  });

  it.each(["0", "-1", "2.5", "ten", "1001", "1e9"])("%s stops the start-up with a message naming the setting", (value) => {
    vi.stubEnv("SA_TEST_POOL", value);
    expect(() => poolSize("SA_TEST_POOL", 7)).toThrow(/^SA_TEST_POOL must be a whole number from 1 to 1000/);
  });
});
