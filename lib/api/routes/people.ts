import { z } from "zod";
import { getDb } from "@/db/client";
import { findPerson, listPeople, type PersonRow } from "@/db/queries/administrators";
import { invitationPath } from "@/lib/auth/invitation-link";
import { revokeInvitation } from "@/lib/domain/invitations";
import { createPerson, removePerson, updatePerson, type AddedPerson } from "@/lib/domain/people";
import { administratorNameSchema } from "@/lib/validations/auth";
import { addPersonSchema, roleSchema, seeUnmaskedSchema, updatePersonSchema } from "@/lib/validations/people";
import { allWorkspacesSchema, patchedWorkspaceAccess } from "@/lib/validations/workspace-access";
import { answerOf, invalid, notFound, refusalOf } from "../results";
import type { Route, RouteAnswer } from "../route";
import { invitedPersonSchema, list, personSchema } from "../schemas";

const TAG = "People";
const THIS_PERSON = "This person";

export const personOut = (p: PersonRow) => ({
  id: p.id,
  email: p.email,
  name: p.name,
  role: p.role,
  defaultWorkspace: p.defaultWorkspace,
  allWorkspaces: p.authorizedWorkspaces.length === 0,
  authorizedWorkspaces: p.authorizedWorkspaces,
  createdAt: p.createdAt,
  lastSignInAt: p.lastSignInAt,
  disabledAt: p.disabledAt,
  seeUnmasked: p.seeUnmasked,
  hasPassword: p.hasPassword,
  ssoLinked: p.ssoLinked,
  groupsManaged: p.groupsManaged,
  invitationExpiresAt: p.invitationExpiresAt,
});

/**
 * The invitation's link, in this answer only: absolute on AUTH_URL (where browsers reach this
 * service) when it is set, else the path to append to that address.
 */
function invitationOut(invitation: NonNullable<AddedPerson["invitation"]>) {
  const base = process.env.AUTH_URL?.trim().replace(/\/+$/, "") ?? "";
  return { link: `${base}${invitationPath(invitation.token)}`, expiresAt: invitation.expiresAt };
}

async function personAnswer(id: string, status: 200 | 201): Promise<RouteAnswer> {
  const person = await findPerson(getDb(), id);
  return person ? { status, body: personOut(person) } : notFound(THIS_PERSON);
}

/** Edit person: the fields sent replace the stored ones; the others stay. */
const personPatch = z.object({
  name: administratorNameSchema.optional(),
  role: roleSchema.optional(),
  seeUnmasked: seeUnmaskedSchema,
  defaultWorkspaceId: z.string().nullable().optional(),
  allWorkspaces: allWorkspacesSchema.describe("true: every workspace (send no authorizedWorkspaceIds). With neither field sent, the workspaces stay as they are"),
  authorizedWorkspaceIds: z.array(z.string()).optional().describe("Only these workspaces, at least one: an empty list alone is refused (send allWorkspaces: true for every workspace)"),
});

export const peopleRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/people",
    operationId: "listPeople",
    summary: "Everyone who signs in, oldest first (as the People page)",
    tag: TAG,
    access: "read",
    success: 200,
    response: list(personSchema, "PersonList"),
    handle: async () => ({ status: 200, body: { items: (await listPeople(getDb())).map(personOut) } }),
  },
  {
    method: "POST",
    path: "/api/v1/people",
    operationId: "addPerson",
    summary: "Add a person with a password, or with `invite: true` an invitation whose one-time link (in this answer only) lets them set their own (Add person)",
    tag: TAG,
    access: "write",
    body: addPersonSchema,
    success: 201,
    response: invitedPersonSchema,
    idempotent: true,
    handle: async ({ body, ctx }) => {
      const result = await createPerson(body, ctx);
      if (!result.ok) return refusalOf(result);
      const answer = await personAnswer(result.data!.id, 201);
      const invitation = result.data!.invitation;
      return invitation && "body" in answer ? { ...answer, body: { ...(answer.body as object), invitation: invitationOut(invitation) } } : answer;
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/people/{id}/invitation",
    operationId: "revokeInvitation",
    summary: "Revoke a person's open invitation (Revoke invitation): its link stops working; the person stays, without a password",
    tag: TAG,
    access: "write",
    success: 204,
    handle: async ({ params, ctx }) => answerOf(await revokeInvitation({ id: params.id! }, ctx), 204),
  },
  {
    method: "PATCH",
    path: "/api/v1/people/{id}",
    operationId: "updatePerson",
    summary: "Edit a person: name, role, See unmasked data, workspaces (Edit person); a new role ends their sessions, new workspaces or See unmasked data their Opik credentials",
    tag: TAG,
    access: "write",
    body: personPatch,
    success: 200,
    response: personSchema,
    handle: async ({ params, body, ctx }) => {
      const current = await findPerson(getDb(), params.id!);
      if (!current) return notFound(THIS_PERSON);
      const patch = body as z.infer<typeof personPatch>;
      const merged = updatePersonSchema.safeParse({
        id: current.id,
        name: patch.name ?? current.name,
        role: patch.role ?? current.role,
        seeUnmasked: patch.seeUnmasked ?? current.seeUnmasked,
        defaultWorkspaceId: (patch.defaultWorkspaceId === undefined ? current.defaultWorkspace?.id : patch.defaultWorkspaceId) ?? "",
        ...patchedWorkspaceAccess(patch, current.authorizedWorkspaces.map((w) => w.id)),
      });
      if (!merged.success) return invalid(merged.error);
      const result = await updatePerson(merged.data, ctx);
      return result.ok ? personAnswer(current.id, 200) : refusalOf(result);
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/people/{id}",
    operationId: "removePerson",
    summary: "Remove a person (Remove person): never the last admin, never the token's creator",
    tag: TAG,
    access: "write",
    success: 204,
    handle: async ({ params, ctx }) => answerOf(await removePerson({ id: params.id! }, ctx), 204),
  },
];
