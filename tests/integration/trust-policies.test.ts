// Trusted pipelines of a service account (issue 29, docs/keyless-ci.md): the domain functions the
// management API (and the dashboard's dialog) call, each audited in its own transaction.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { listTrustPolicies } from "@/db/queries/trust-policies";
import { createTrustPolicy, deleteTrustPolicy, updateTrustPolicy } from "@/lib/domain/trust-policies";
import { trustPolicySchema } from "@/lib/validations/trust-policies";
import { newAccount, newWorkspace } from "../support/api-key-fixtures";
import { auditEventsFor, CLIENT_ADDRESS, expectNothingWritten } from "../support/db-helpers";
import { createAdministrator, signAs } from "../support/fixtures";

let admin: AdministratorDto;
const ctx = () => ({ actor: { id: admin.id, email: admin.email }, clientAddress: CLIENT_ADDRESS });
const GITHUB = "https://token.actions.githubusercontent.com";

beforeAll(async () => {
  admin = await createAdministrator("admin");
});
beforeEach(() => signAs(admin));

const input = (serviceAccountId: string, fields: Record<string, unknown> = {}) =>
  trustPolicySchema.parse({ serviceAccountId, issuer: GITHUB, audience: "https://sa.example.com", subjects: ["repo:acme/app:ref:refs/heads/main"], ...fields });

describe("trust policies", () => {
  it("creates with the defaults, lists, audits", async () => {
    const account = await newAccount();
    const result = await createTrustPolicy(input(account.id, { claims: { repository_owner_id: "42" } }), ctx());
    expect(result).toMatchObject({ ok: true, data: { issuer: GITHUB, keyLifetimeMinutes: 15, scope: "full", permissions: null, claims: { repository_owner_id: "42" }, defaultWorkspace: null } });
    const id = result.ok ? result.data!.id : "";
    expect((await listTrustPolicies(getDb(), account.id)).map((p) => p.id)).toEqual([id]);
    const [event] = await auditEventsFor(id);
    expect(event).toMatchObject({ action: "trust_policy.create", actorEmail: admin.email, clientAddress: CLIENT_ADDRESS, targetType: "trust_policy" });
    expect(event!.details).toMatchObject({ serviceAccountId: account.id, issuer: GITHUB, subjects: ["repo:acme/app:ref:refs/heads/main"] });
  });

  it("the audience defaults to AUTH_URL; without it an audience is required", async () => {
    const account = await newAccount();
    const saved = process.env.AUTH_URL;
    try {
      process.env.AUTH_URL = "https://admin.example.com/";
      const made = await createTrustPolicy(input(account.id, { audience: "" }), ctx());
      expect(made).toMatchObject({ ok: true, data: { audience: "https://admin.example.com" } });
      delete process.env.AUTH_URL;
      const refused = await expectNothingWritten(() => createTrustPolicy(input(account.id, { audience: undefined }), ctx()));
      expect(refused).toMatchObject({ ok: false, fieldErrors: { audience: [expect.stringMatching(/AUTH_URL/)] } });
    } finally {
      if (saved === undefined) delete process.env.AUTH_URL;
      else process.env.AUTH_URL = saved;
    }
  });

  it("the default workspace must be one of the account's", async () => {
    const [mine, other] = [await newWorkspace(), await newWorkspace()];
    const account = await newAccount({ authorizedWorkspaceIds: [mine.id], defaultWorkspaceId: mine.id });
    const refused = await createTrustPolicy(input(account.id, { defaultWorkspaceId: other.id }), ctx());
    expect(refused).toMatchObject({ ok: false, fieldErrors: { defaultWorkspaceId: ["Choose one of the service account's workspaces"] } });
    const made = await createTrustPolicy(input(account.id, { defaultWorkspaceId: mine.id }), ctx());
    expect(made).toMatchObject({ ok: true, data: { defaultWorkspace: { id: mine.id, name: mine.name } } });
  });

  it("updates every field and keeps the before in the audit; deletes", async () => {
    const account = await newAccount();
    const made = await createTrustPolicy(input(account.id), ctx());
    const id = made.ok ? made.data!.id : "";
    const saved = await updateTrustPolicy({ ...input(account.id, { name: "prod deploys", subjects: ["repo:acme/app:environment:prod"], keyLifetimeMinutes: "30", scope: "ingest" }), policyId: id }, ctx());
    expect(saved).toMatchObject({ ok: true, data: { name: "prod deploys", subjects: ["repo:acme/app:environment:prod"], keyLifetimeMinutes: 30, scope: "ingest" } });
    const [update] = await auditEventsFor(id);
    expect(update).toMatchObject({ action: "trust_policy.update", targetName: "prod deploys" });
    expect(update!.details).toMatchObject({ before: { subjects: ["repo:acme/app:ref:refs/heads/main"], keyLifetimeMinutes: 15 } });
    expect(await deleteTrustPolicy({ serviceAccountId: account.id, policyId: id }, ctx())).toMatchObject({ ok: true });
    expect((await auditEventsFor(id))[0]).toMatchObject({ action: "trust_policy.delete" });
    expect(await deleteTrustPolicy({ serviceAccountId: account.id, policyId: id }, ctx())).toMatchObject({ ok: false, message: expect.stringMatching(/no longer exists/) });
  });

  it("a policy of another account cannot be edited or deleted through this one", async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    const made = await createTrustPolicy(input(a.id), ctx());
    const id = made.ok ? made.data!.id : "";
    expect(await deleteTrustPolicy({ serviceAccountId: b.id, policyId: id }, ctx())).toMatchObject({ ok: false });
    expect(await updateTrustPolicy({ ...input(b.id), policyId: id }, ctx())).toMatchObject({ ok: false });
  });
});

describe("trustPolicySchema", () => {
  const errors = (fields: Record<string, unknown>) => {
    const parsed = trustPolicySchema.safeParse({ serviceAccountId: "00000000-0000-4000-8000-000000000000", issuer: GITHUB, subjects: ["repo:a/b:*"], ...fields });
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
  };
  it.each([
    [{ issuer: "http://issuer.example.com" }, "issuer", /https/],
    [{ issuer: "https://issuer.example.com/?x=1" }, "issuer", /query/],
    [{ issuer: "not a url" }, "issuer", /URL/],
    [{ subjects: [] }, "subjects", /at least one/],
    [{ subjects: ["*"] }, "subjects", /any subject/],
    [{ claims: { sub: "x" } }, "claims", /checked by the exchange/],
    [{ claims: { repository_owner_id: 42 } }, "claims", /text/],
    [{ keyLifetimeMinutes: "4" }, "keyLifetimeMinutes", /at least 5/],
    [{ keyLifetimeMinutes: "61" }, "keyLifetimeMinutes", /at most 60/],
    [{ scope: "custom", permissions: [] }, "permissions", /at least one/],
    [{ name: "a\u202Eb" }, "name", /control/],
  ])("%o is refused on %s", (fields, field, message) => {
    expect(errors(fields)[field]).toMatch(message);
  });
  it("http on loopback is allowed (tests and labs)", () => {
    expect(errors({ issuer: "http://127.0.0.1:4000" })).toEqual({});
    expect(errors({ issuer: "http://localhost:4000/issuer" })).toEqual({});
  });
});
