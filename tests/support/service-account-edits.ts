import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { revisionOf, type ServiceAccountState } from "@/db/queries/service-accounts";
import { serviceAccounts } from "@/db/schema";
import { linksOf } from "./db-helpers";
import { accessOf, form } from "./fixtures";

/** The account's editable state as stored now, and the revision Edit service account would post with it. */
export async function editableState(id: string): Promise<ServiceAccountState & { revision: string }> {
  const [row] = await getDb().select().from(serviceAccounts).where(eq(serviceAccounts.id, id));
  if (!row) throw new Error(`no service account ${id}`);
  const state = { name: row.name, description: row.description, defaultWorkspaceId: row.defaultWorkspaceId, authorizedWorkspaceIds: await linksOf(id) };
  return { ...state, revision: revisionOf(state) };
}

export type EditFields = { name?: string; description?: string; defaultWorkspaceId?: string; allWorkspaces?: string; authorizedWorkspaceIds?: string[]; revision?: string };

/** Edit service account's form as the dialog posts it: every field, `changes` over the stored values. */
export async function editPayload(id: string, changes: EditFields = {}): Promise<FormData> {
  const current = await editableState(id);
  return form({
    id,
    revision: current.revision,
    name: current.name,
    description: current.description ?? "",
    defaultWorkspaceId: current.defaultWorkspaceId ?? "",
    authorizedWorkspaceIds: current.authorizedWorkspaceIds,
    // As the dialog opens: "All workspaces" chosen when none is stored, unless the test changes the choice.
    ...(current.authorizedWorkspaceIds.length === 0 ? accessOf(changes) : {}),
    ...changes,
  });
}
