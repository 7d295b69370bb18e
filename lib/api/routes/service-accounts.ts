import { z } from "zod";
import { getDb } from "@/db/client";
import { findServiceAccountRow, listServiceAccounts, type ServiceAccountRow } from "@/db/queries/service-accounts";
import { createServiceAccount, deleteServiceAccount, setServiceAccountDisabled, updateServiceAccount } from "@/lib/domain/service-accounts";
import { createServiceAccountSchema, MAX_PAGE_SIZE, serviceAccountNameSchema, serviceAccountSortColumns, updateServiceAccountSchema } from "@/lib/validations/service-accounts";
import { allWorkspacesSchema, patchedWorkspaceAccess } from "@/lib/validations/workspace-access";
import { answerOf, invalid, notFound, refusalOf } from "../results";
import type { Route, RouteAnswer } from "../route";
import { serviceAccountPageSchema, serviceAccountSchema } from "../schemas";

const TAG = "Service accounts";
const THIS_ACCOUNT = "This service account";
const SIZE_RANGE = `size is a whole number from 1 to ${MAX_PAGE_SIZE}`;

/** The list's query, as the Service Accounts page's URL state but strict: a value out of range is a 400, not a fallback. */
export const serviceAccountListQuery = z.object({
  q: z.string().trim().max(200, "Search with at most 200 characters").default(""),
  sort: z.enum(serviceAccountSortColumns, { error: `Sort by ${serviceAccountSortColumns.join(", ")}` }).default("createdAt"),
  dir: z.enum(["asc", "desc"], { error: "dir is asc or desc" }).default("desc"),
  page: z.coerce.number({ error: "page is a whole number from 1" }).int("page is a whole number from 1").min(1, "page is a whole number from 1").max(1_000_000, "page is at most 1000000").default(1),
  size: z.coerce.number({ error: SIZE_RANGE }).int(SIZE_RANGE).min(1, SIZE_RANGE).max(MAX_PAGE_SIZE, SIZE_RANGE).default(20),
});

/** Edit: the fields sent replace the stored ones; the others stay. */
const serviceAccountPatch = z.object({
  name: serviceAccountNameSchema.optional(),
  description: z.string().nullable().optional(),
  defaultWorkspaceId: z.string().nullable().optional(),
  allWorkspaces: allWorkspacesSchema.describe("true: every workspace (send no authorizedWorkspaceIds). With neither field sent, the workspaces stay as they are"),
  authorizedWorkspaceIds: z.array(z.string()).optional().describe("Only these workspaces, at least one: an empty list alone is refused (send allWorkspaces: true for every workspace)"),
});

export const accountOut = ({ revision: _revision, keyExpiresSoonAt: _soon, ...row }: ServiceAccountRow) => ({
  ...row,
  allWorkspaces: row.authorizedWorkspaces.length === 0,
});

async function accountAnswer(id: string, status: 200 | 201): Promise<RouteAnswer> {
  const row = await findServiceAccountRow(getDb(), id);
  return row ? { status, body: accountOut(row) } : notFound(THIS_ACCOUNT);
}

function setDisabled(disabled: boolean): Route {
  const verb = disabled ? "disable" : "enable";
  return {
    method: "POST",
    path: `/api/v1/service-accounts/{id}/${verb}`,
    operationId: `${verb}ServiceAccount`,
    summary: disabled ? "Disable a service account: every key of it is refused until it is enabled" : "Enable a service account",
    tag: TAG,
    access: "write",
    success: 200,
    response: serviceAccountSchema,
    handle: async ({ params, ctx }) => {
      const result = await setServiceAccountDisabled({ id: params.id!, disabled }, ctx);
      return result.ok ? accountAnswer(params.id!, 200) : refusalOf(result);
    },
  };
}

export const serviceAccountRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/service-accounts",
    operationId: "listServiceAccounts",
    summary: "List service accounts: search by name (q), sort, pages (as the Service Accounts page)",
    tag: TAG,
    access: "read",
    query: serviceAccountListQuery,
    success: 200,
    response: serviceAccountPageSchema,
    handle: async ({ query }) => {
      const page = await listServiceAccounts(getDb(), query);
      return { status: 200, body: { items: page.rows.map(accountOut), total: page.total, page: page.page, pageCount: page.pageCount } };
    },
  },
  {
    method: "POST",
    path: "/api/v1/service-accounts",
    operationId: "createServiceAccount",
    summary: "Create a service account (Create service account)",
    tag: TAG,
    access: "write",
    body: createServiceAccountSchema,
    success: 201,
    response: serviceAccountSchema,
    idempotent: true,
    handle: async ({ body, ctx }) => {
      const result = await createServiceAccount(body, ctx);
      return result.ok ? accountAnswer(result.data!.id, 201) : refusalOf(result);
    },
  },
  {
    method: "GET",
    path: "/api/v1/service-accounts/{id}",
    operationId: "getServiceAccount",
    summary: "One service account",
    tag: TAG,
    access: "read",
    success: 200,
    response: serviceAccountSchema,
    handle: async ({ params }) => accountAnswer(params.id!, 200),
  },
  {
    method: "PATCH",
    path: "/api/v1/service-accounts/{id}",
    operationId: "updateServiceAccount",
    summary: "Edit a service account: the fields sent replace the stored ones (Edit service account)",
    tag: TAG,
    access: "write",
    body: serviceAccountPatch,
    success: 200,
    response: serviceAccountSchema,
    handle: async ({ params, body, ctx }) => {
      const current = await findServiceAccountRow(getDb(), params.id!);
      if (!current) return notFound(THIS_ACCOUNT);
      const patch = body as z.infer<typeof serviceAccountPatch>;
      // The stored values under the ones sent, checked by Edit service account's own schema; the
      // revision read here refuses the save if someone changed the account in between.
      const merged = updateServiceAccountSchema.safeParse({
        id: current.id,
        revision: current.revision,
        name: patch.name ?? current.name,
        description: (patch.description === undefined ? current.description : patch.description) ?? "",
        defaultWorkspaceId: (patch.defaultWorkspaceId === undefined ? current.defaultWorkspace?.id : patch.defaultWorkspaceId) ?? "",
        ...patchedWorkspaceAccess(patch, current.authorizedWorkspaces.map((w) => w.id)),
      });
      if (!merged.success) return invalid(merged.error);
      const result = await updateServiceAccount(merged.data, ctx);
      return result.ok ? accountAnswer(current.id, 200) : refusalOf(result);
    },
  },
  setDisabled(true),
  setDisabled(false),
  {
    method: "DELETE",
    path: "/api/v1/service-accounts/{id}",
    operationId: "deleteServiceAccount",
    summary: "Delete a service account and every key of it (Delete service account)",
    tag: TAG,
    access: "write",
    success: 204,
    handle: async ({ params, ctx }) => {
      const current = await findServiceAccountRow(getDb(), params.id!);
      if (!current) return notFound(THIS_ACCOUNT);
      return answerOf(await deleteServiceAccount({ id: current.id, confirmName: current.name }, ctx), 204);
    },
  },
];
