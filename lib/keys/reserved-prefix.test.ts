import { describe, expect, it, vi } from "vitest";
import { CREDENTIAL_PREFIX, newPersonCredential } from "@/lib/access/credential";
import { generateManagementToken, TOKEN_PREFIX } from "@/lib/api/token-format";
import { generateApiKey, RESERVED_PREFIX } from "./index";

// Opik reserves credentials starting "opik_" (opik_mcp_, opik_cipx_: OPIK-AUTH-CONTRACT.md §18.7).
// Every credential this service issues that can reach Opik's Authorization header stays outside it.
describe("no credential this service issues starts with Opik's reserved opik_", () => {
  const reserved = (value: string) => value.toLowerCase().startsWith("opik_");

  it("person credentials (sapc_) and management tokens (samt_) have fixed prefixes outside opik_", () => {
    expect(RESERVED_PREFIX.test(CREDENTIAL_PREFIX.replace(/_$/, ""))).toBe(false);
    expect(RESERVED_PREFIX.test(TOKEN_PREFIX)).toBe(false);
    for (let i = 0; i < 50; i++) {
      expect(reserved(newPersonCredential())).toBe(false);
      expect(reserved(generateManagementToken())).toBe(false);
    }
  });

  it("API keys under the default prefix and any accepted one", () => {
    vi.stubEnv("API_KEY_PREFIX", undefined);
    expect(reserved(generateApiKey())).toBe(false);
    for (const prefix of ["opik", "OPIK", "opik_mcp", "opik_cipx"]) expect(() => generateApiKey(prefix), prefix).toThrow();
  });
});
