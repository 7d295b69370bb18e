import { z } from "zod";
import { getDb } from "@/db/client";
import { KEY_SCOPES } from "@/db/schema";
import { findServiceAccountForKeys } from "@/db/queries/service-accounts";
import { findTrustPolicy, listTrustPolicies, type TrustPolicyDto } from "@/db/queries/trust-policies";
import { createTrustPolicy, deleteTrustPolicy, updateTrustPolicy } from "@/lib/domain/trust-policies";
import { trustPolicySchema } from "@/lib/validations/trust-policies";
import { answerOf, invalid, notFound } from "../results";
import type { Route } from "../route";
import { list } from "../schemas";

const TAG = "Trusted pipelines";
const POLICIES = "/api/v1/service-accounts/{id}/trust-policies";
const THIS_POLICY = "This trusted pipeline";

const time = z.iso.datetime({ offset: true });
export const trustPolicyOutSchema = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  issuer: z.string(),
  audience: z.string(),
  subjects: z.array(z.string()).describe("Exact subjects or patterns: * is one or more characters other than ':' (docs/keyless-ci.md)"),
  claims: z.record(z.string(), z.string()).describe("Claim name → the exact value the token must hold"),
  keyLifetimeMinutes: z.int(),
  scope: z.enum(KEY_SCOPES),
  permissions: z.array(z.string()).nullable(),
  defaultWorkspace: z.object({ id: z.uuid(), name: z.string() }).nullable().describe("Null: the service account's default workspace"),
  createdAt: time,
  updatedAt: time,
});

const policyOut = ({ serviceAccountId: _account, ...policy }: TrustPolicyDto) => policy;

/** Edit: the fields sent replace the stored ones; the others stay. */
const trustPolicyPatch = z.object({
  name: z.string().nullable().optional(),
  issuer: z.string().optional(),
  audience: z.string().nullable().optional(),
  subjects: z.array(z.string()).optional(),
  claims: z.record(z.string(), z.unknown()).nullable().optional(),
  keyLifetimeMinutes: z.string().optional(),
  scope: z.string().optional(),
  permissions: z.array(z.string()).optional(),
  defaultWorkspaceId: z.string().nullable().optional(),
});

export const trustPolicyRoutes: Route[] = [
  {
    method: "GET",
    path: POLICIES,
    operationId: "listTrustPolicies",
    summary: "The pipelines a service account trusts (Keyless CI)",
    tag: TAG,
    access: "read",
    success: 200,
    response: list(trustPolicyOutSchema, "TrustPolicyList"),
    handle: async ({ params }) => {
      if (!(await findServiceAccountForKeys(getDb(), params.id!))) return notFound("This service account");
      return { status: 200, body: { items: (await listTrustPolicies(getDb(), params.id!)).map(policyOut) } };
    },
  },
  {
    method: "POST",
    path: POLICIES,
    operationId: "createTrustPolicy",
    summary: "Add a trusted pipeline: identity tokens matching it may be exchanged for short-lived keys (POST /api/v1/token-exchange)",
    tag: TAG,
    access: "write",
    body: trustPolicySchema,
    fromPath: { serviceAccountId: "id" },
    success: 201,
    response: trustPolicyOutSchema,
    idempotent: true,
    handle: async ({ body, ctx }) => answerOf(await createTrustPolicy(body, ctx), 201, (p) => policyOut(p!)),
  },
  {
    method: "PATCH",
    path: `${POLICIES}/{policyId}`,
    operationId: "updateTrustPolicy",
    summary: "Edit a trusted pipeline: the fields sent replace the stored ones",
    tag: TAG,
    access: "write",
    body: trustPolicyPatch,
    success: 200,
    response: trustPolicyOutSchema,
    handle: async ({ params, body, ctx }) => {
      const current = await findTrustPolicy(getDb(), params.id!, params.policyId!);
      if (!current) return notFound(THIS_POLICY);
      const patch = body as z.infer<typeof trustPolicyPatch>;
      const scope = patch.scope ?? current.scope;
      const merged = trustPolicySchema.safeParse({
        serviceAccountId: current.serviceAccountId,
        name: patch.name === undefined ? current.name : patch.name,
        issuer: patch.issuer ?? current.issuer,
        audience: patch.audience === undefined ? current.audience : patch.audience,
        subjects: patch.subjects ?? current.subjects,
        claims: patch.claims === undefined ? current.claims : patch.claims,
        keyLifetimeMinutes: patch.keyLifetimeMinutes ?? String(current.keyLifetimeMinutes),
        scope,
        permissions: patch.permissions ?? (scope === "custom" ? (current.permissions ?? []) : undefined),
        defaultWorkspaceId: patch.defaultWorkspaceId === undefined ? (current.defaultWorkspace?.id ?? null) : patch.defaultWorkspaceId,
      });
      if (!merged.success) return invalid(merged.error);
      return answerOf(await updateTrustPolicy({ ...merged.data, policyId: current.id }, ctx), 200, (p) => policyOut(p!));
    },
  },
  {
    method: "DELETE",
    path: `${POLICIES}/{policyId}`,
    operationId: "deleteTrustPolicy",
    summary: "Delete a trusted pipeline: its tokens are refused from now on; keys it issued work until they expire",
    tag: TAG,
    access: "write",
    success: 204,
    handle: async ({ params, ctx }) => answerOf(await deleteTrustPolicy({ serviceAccountId: params.id!, policyId: params.policyId! }, ctx), 204),
  },
];
