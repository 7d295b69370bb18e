import { describe, expect, it } from "vitest";
import { tokenStanding, tokenStatus } from "./token-standing";

const live = { revokedAt: null, expiresAt: null, creatorDisabledAt: null };

describe("a management token never gives more than its creator may do today", () => {
  it("admin → the stored access; viewer → read only; member, disabled or removed → refused", () => {
    expect(tokenStanding("write", { role: "admin", disabledAt: null })).toEqual({ ok: true, access: "write" });
    expect(tokenStanding("read", { role: "admin", disabledAt: null })).toEqual({ ok: true, access: "read" });
    expect(tokenStanding("write", { role: "viewer", disabledAt: null })).toEqual({ ok: true, access: "read" });
    expect(tokenStanding("read", { role: "member", disabledAt: null })).toEqual({ ok: false, reason: "creator_member" });
    expect(tokenStanding("write", { role: "member", disabledAt: null })).toEqual({ ok: false, reason: "creator_member" });
    expect(tokenStanding("write", { role: "admin", disabledAt: new Date() })).toEqual({ ok: false, reason: "creator_disabled" });
    expect(tokenStanding("read", { role: null, disabledAt: null })).toEqual({ ok: false, reason: "creator_gone" });
  });

  it("the Settings list says why a token does not work, or works only for reading", () => {
    const now = Date.now();
    expect(tokenStatus({ ...live, access: "write", creatorRole: "admin" }, now)).toBe("Active");
    expect(tokenStatus({ ...live, access: "read", creatorRole: "viewer" }, now)).toBe("Active");
    expect(tokenStatus({ ...live, access: "write", creatorRole: "viewer" }, now)).toBe("Read only while creator is a viewer");
    expect(tokenStatus({ ...live, access: "read", creatorRole: "member" }, now)).toBe("Not working — creator is a member");
    expect(tokenStatus({ ...live, access: "write", creatorRole: "admin", creatorDisabledAt: new Date(now) }, now)).toBe("Not working — creator is disabled");
    expect(tokenStatus({ ...live, access: "write", creatorRole: null }, now)).toBe("Not working — creator was removed");
    // Revoked and expired say so first, whoever made the token.
    expect(tokenStatus({ ...live, access: "write", creatorRole: "member", revokedAt: new Date(now) }, now)).toBe("Revoked");
    expect(tokenStatus({ ...live, access: "write", creatorRole: "member", expiresAt: new Date(now) }, now)).toBe("Expired");
  });
});
