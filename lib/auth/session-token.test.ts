import { describe, expect, it } from "vitest";
import { newSessionToken, sessionIdOf } from "./session-token";

describe("session tokens", () => {
  it("are 256 random bits in base64url, never repeated", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newSessionToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as their SHA-256, which does not contain the token", () => {
    const token = newSessionToken();
    expect(sessionIdOf(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionIdOf(token)).toBe(sessionIdOf(token));
    expect(sessionIdOf(token)).not.toBe(sessionIdOf(newSessionToken()));
    expect(sessionIdOf("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
