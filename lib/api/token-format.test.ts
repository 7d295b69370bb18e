import { describe, expect, it } from "vitest";
import { generateApiKey, parseApiKey } from "@/lib/keys";
import { generateManagementToken, isManagementToken, tokenHint, TOKEN_LENGTH } from "./token-format";

describe("management token format", () => {
  it("is recognised by shape and checksum; a typo is not", () => {
    const token = generateManagementToken();
    expect(token).toMatch(/^samt_[0-9A-Za-z]{46}$/);
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(isManagementToken(token)).toBe(true);
    const typo = token.slice(0, 10) + (token[10] === "a" ? "b" : "a") + token.slice(11);
    expect(isManagementToken(typo)).toBe(false);
    expect(isManagementToken(`${token} `)).toBe(false);
    expect(tokenHint(token)).toBe(`${token.slice(0, 9)}…${token.slice(-4)}`);
  });

  it("never parses as an API key, whatever the key prefix; an API key is never a token", () => {
    const token = generateManagementToken();
    expect(parseApiKey(token, ["samt", "opsa"])).toBeNull();
    expect(isManagementToken(generateApiKey("samt"))).toBe(false);
    expect(isManagementToken(generateApiKey("opsa"))).toBe(false);
  });
});
