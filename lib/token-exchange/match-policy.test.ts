import { describe, expect, it } from "vitest";
import { matchPolicy, type MatchablePolicy } from "./match-policy";

const AUD = "https://sa.example.com";
let n = 0;
const policy = (fields: Partial<MatchablePolicy>): MatchablePolicy => ({ id: `p${++n}`, serviceAccountId: "a", audience: AUD, subjects: [], claims: {}, createdAt: new Date(n * 1000), ...fields });
const token = (sub: string, extra: Record<string, unknown> = {}) => ({ aud: AUD, sub, ...extra });

describe("matchPolicy", () => {
  it("exact subject beats a pattern; more claim conditions beat fewer", () => {
    const pattern = policy({ subjects: ["repo:acme/app:ref:*"], claims: { repository_owner_id: "1", workflow_ref: "w" } });
    const exact = policy({ subjects: ["repo:acme/app:ref:refs/heads/main"] });
    expect(matchPolicy([pattern, exact], token("repo:acme/app:ref:refs/heads/main", { repository_owner_id: "1", workflow_ref: "w" }))).toMatchObject({ ok: true, policy: { id: exact.id } });
    const one = policy({ subjects: ["repo:acme/app:*"], claims: { repository_owner_id: "1" } });
    const none = policy({ subjects: ["repo:acme/app:*"] });
    expect(matchPolicy([none, one], token("repo:acme/app:pull_request", { repository_owner_id: 1 }))).toMatchObject({ ok: true, policy: { id: one.id } });
  });

  it("fewer stars, then more literal text; then the oldest", () => {
    const two = policy({ subjects: ["repo:*/app:ref:*"] });
    const one = policy({ subjects: ["repo:acme/app:ref:*"] });
    expect(matchPolicy([two, one], token("repo:acme/app:ref:main"))).toMatchObject({ ok: true, policy: { id: one.id } });
    const older = policy({ subjects: ["repo:acme/app:ref:*"] });
    const newer = policy({ subjects: ["repo:acme/app:ref:*"] });
    expect(matchPolicy([newer, older], token("repo:acme/app:ref:main"))).toMatchObject({ ok: true, policy: { id: older.id } });
  });

  it("says what did not match, without a policy's expected values", () => {
    const p = policy({ subjects: ["repo:acme/app:*"], claims: { repository_owner_id: "42" } });
    expect(matchPolicy([p], { aud: "https://other", sub: "repo:acme/app:x" })).toMatchObject({ ok: false, reason: "audience" });
    expect(matchPolicy([p], token("repo:fork/app:x"))).toMatchObject({ ok: false, reason: "subject", description: expect.stringContaining('"repo:fork/app:x"') });
    const claim = matchPolicy([p], token("repo:acme/app:x", { repository_owner_id: "666" }));
    expect(claim).toMatchObject({ ok: false, reason: "claim", description: expect.stringContaining("repository_owner_id") });
    expect(JSON.stringify(claim)).not.toContain("42");
    expect(matchPolicy([p], token("repo:acme/app:x"))).toMatchObject({ ok: false, description: expect.stringContaining("missing") });
  });

  it("matches on two accounts are refused, even when one is more specific", () => {
    const a = policy({ subjects: ["repo:acme/app:ref:refs/heads/main"], serviceAccountId: "a" });
    const b = policy({ subjects: ["repo:acme/app:ref:*", "repo:acme/app:environment:*"], serviceAccountId: "b" });
    expect(matchPolicy([a, b], token("repo:acme/app:ref:refs/heads/main"))).toMatchObject({ ok: false, reason: "ambiguous" });
    expect(matchPolicy([a, b], token("repo:acme/app:environment:prod"))).toMatchObject({ ok: true, policy: { id: b.id } });
  });

  it("an audience array holds the policy's audience", () => {
    const p = policy({ subjects: ["x:y"] });
    expect(matchPolicy([p], { aud: ["other", AUD], sub: "x:y" })).toMatchObject({ ok: true });
  });
});
