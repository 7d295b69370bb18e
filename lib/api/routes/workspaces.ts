import { getDb } from "@/db/client";
import { findWorkspaceById, listWorkspaces } from "@/db/queries/workspaces";
import { createWorkspace, deleteWorkspace } from "@/lib/domain/workspaces";
import { createWorkspaceSchema } from "@/lib/validations/workspaces";
import { answerOf, notFound } from "../results";
import type { Route } from "../route";
import { list, workspaceSchema } from "../schemas";

const TAG = "Workspaces";

async function workspaceOut(id: string) {
  return (await listWorkspaces(getDb())).find((w) => w.id === id) ?? null;
}

export const workspaceRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/workspaces",
    operationId: "listWorkspaces",
    summary: "List workspaces (by name), with how many service accounts and people use each",
    tag: TAG,
    access: "read",
    success: 200,
    response: list(workspaceSchema, "WorkspaceList"),
    handle: async () => ({ status: 200, body: { items: await listWorkspaces(getDb()) } }),
  },
  {
    method: "POST",
    path: "/api/v1/workspaces",
    operationId: "createWorkspace",
    summary: "Create a workspace (Create workspace)",
    tag: TAG,
    access: "write",
    body: createWorkspaceSchema,
    success: 201,
    response: workspaceSchema,
    idempotent: true,
    handle: async ({ body, ctx }) => {
      const result = await createWorkspace(body, ctx);
      return result.ok ? { status: 201, body: await workspaceOut(result.data!.id) } : answerOf(result, 201);
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/workspaces/{id}",
    operationId: "deleteWorkspace",
    summary: "Delete a workspace nothing uses (Delete workspace)",
    tag: TAG,
    access: "write",
    success: 204,
    handle: async ({ params, ctx }) => {
      if (!(await findWorkspaceById(getDb(), params.id!))) return notFound("This workspace");
      return answerOf(await deleteWorkspace({ id: params.id! }, ctx), 204);
    },
  },
];
