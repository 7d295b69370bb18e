import { describe, expect, it } from "vitest";
import { readRateLimitConfig } from "./config";

describe("readRateLimitConfig", () => {
  it("has defaults that leave room for an Opik backend and stop a password guesser", () => {
    expect(readRateLimitConfig({})).toEqual({
      authApi: { failures: 30, windowS: 60, blockS: 60 },
      signIn: { failures: 5, windowS: 900, blockS: 900 },
    });
  });

  it("reads every variable, and 0 failures turns a limiter off", () => {
    const config = readRateLimitConfig({
      AUTH_RATE_LIMIT_FAILURES: "0",
      AUTH_RATE_LIMIT_WINDOW_S: " 10 ",
      AUTH_RATE_LIMIT_BLOCK_S: "3",
      LOGIN_RATE_LIMIT_FAILURES: "2",
      LOGIN_RATE_LIMIT_WINDOW_S: "60",
      LOGIN_RATE_LIMIT_BLOCK_S: "120",
      UNRELATED: "x",
    });
    expect(config).toEqual({ authApi: { failures: 0, windowS: 10, blockS: 3 }, signIn: { failures: 2, windowS: 60, blockS: 120 } });
  });

  it("treats an empty value as unset", () => {
    expect(readRateLimitConfig({ AUTH_RATE_LIMIT_FAILURES: "" }).authApi.failures).toBe(30);
  });

  it("refuses invalid values, naming every one of them", () => {
    const read = () =>
      readRateLimitConfig({
        AUTH_RATE_LIMIT_FAILURES: "-1",
        AUTH_RATE_LIMIT_WINDOW_S: "0",
        LOGIN_RATE_LIMIT_BLOCK_S: "1.5",
        LOGIN_RATE_LIMIT_WINDOW_S: "999999999",
      });
    expect(read).toThrow(/AUTH_RATE_LIMIT_FAILURES.*"-1".*AUTH_RATE_LIMIT_WINDOW_S.*"0".*LOGIN_RATE_LIMIT_WINDOW_S.*LOGIN_RATE_LIMIT_BLOCK_S.*"1\.5"/);
    expect(() => readRateLimitConfig({ LOGIN_RATE_LIMIT_FAILURES: "five" })).toThrow(/LOGIN_RATE_LIMIT_FAILURES/);
  });
});
