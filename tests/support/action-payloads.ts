import { getDb } from "@/db/client";
import { updatePasswordHash, type AdministratorDto } from "@/db/queries/administrators";
import { listGroupMappings } from "@/db/queries/sso-mappings";
import { rollApiKey } from "@/lib/actions/api-keys";
import { createManagementTokenAction } from "@/lib/actions/management-tokens";
import { addPersonAction } from "@/lib/actions/people";
import { addGroupMappingAction } from "@/lib/actions/settings";
import { hashPassword } from "@/lib/auth/password";
import { newAccount, newKey, newWorkspace } from "./api-key-fixtures";
import { accessOf, createAdministrator, form, signAs, uniqueName } from "./fixtures";
import { editPayload } from "./service-account-edits";

/**
 * A payload each known server action accepts, built fresh (with its own fixtures) for every call,
 * so a refused call can be shown to write nothing although an allowed one would have written.
 * Fixtures are created as `admin`; the caller signs in as whoever it tests afterwards.
 */
/** A mapping of a fresh group to member, made through the Settings page's action; its id. */
export async function newGroupMapping(fields: Record<string, string | string[]> = {}): Promise<string> {
  const group = uniqueName("group");
  const added = await addGroupMappingAction(null, form({ group, role: "member", ...accessOf(fields), ...fields }));
  if (!added.ok) throw new Error(added.message);
  const mapping = (await listGroupMappings(getDb())).find((m) => m.group === (fields.group ?? group));
  return mapping!.id;
}

export function validPayloads(admin: () => AdministratorDto): Record<string, () => Promise<FormData>> {
  const asAdmin = async <T>(make: () => Promise<T>): Promise<T> => {
    signAs(admin());
    return make();
  };
  const password = "a long enough password 1";
  /** A key of a fresh account, made as `admin`, as the form fields that name it. */
  const keyRef = async () => {
    const account = await asAdmin(() => newAccount());
    const key = await asAdmin(() => newKey(account.id));
    return { serviceAccountId: account.id, keyId: key.id };
  };
  // A different default expiry on every call, so the admin's save writes (an unchanged policy writes nothing).
  let policyDays = 100;
  return {
    createWorkspace: async () => form({ name: uniqueName("ws") }),
    deleteWorkspace: async () => form({ id: (await asAdmin(() => newWorkspace())).id }),
    // Delete workspace's first question (who uses it) and Settings' preview of a lower maximum: they read, never write.
    workspaceUsageAction: async () => form({ id: (await asAdmin(() => newWorkspace())).id }),
    previewKeyPolicyAction: async () => form({ maxLifetimeDays: "30", defaultExpiryDays: "30" }),
    createServiceAccount: async () => form({ name: uniqueName("svc"), allWorkspaces: "true" }),
    deleteServiceAccount: async () => {
      const account = await asAdmin(() => newAccount());
      return form({ id: account.id, confirmName: account.name });
    },
    updateServiceAccount: async () => editPayload((await asAdmin(() => newAccount())).id, { name: uniqueName("renamed") }),
    setServiceAccountDisabled: async () => form({ id: (await asAdmin(() => newAccount())).id, disabled: "true" }),
    createApiKey: async () => form({ serviceAccountId: (await asAdmin(() => newAccount())).id, name: "matrix" }),
    deleteApiKey: async () => {
      const account = await asAdmin(() => newAccount());
      const key = await asAdmin(() => newKey(account.id));
      return form({ serviceAccountId: account.id, keyId: key.id });
    },
    rollApiKey: async () => form({ ...(await keyRef()), grace: "1h" }),
    setApiKeyDisabledAction: async () => form({ ...(await keyRef()), disabled: "true" }),
    // The old key of a roll, in its grace period: the only key End grace period now applies to.
    endGracePeriodAction: async () => {
      const ref = await keyRef();
      const rolled = await asAdmin(() => rollApiKey(null, form({ ...ref, grace: "1h" })));
      if (!rolled.ok) throw new Error(rolled.message);
      return form(ref);
    },
    addGroupMappingAction: async () => {
      const ws = await asAdmin(() => newWorkspace());
      return form({ group: uniqueName("group"), role: "member", defaultWorkspaceId: ws.id, authorizedWorkspaceIds: ws.id });
    },
    updateGroupMappingAction: async () => {
      const id = await asAdmin(() => newGroupMapping());
      return form({ id, group: uniqueName("renamed-group"), role: "viewer", allWorkspaces: "true" });
    },
    removeGroupMappingAction: async () => form({ id: await asAdmin(() => newGroupMapping()) }),
    createManagementTokenAction: async () => form({ name: uniqueName("ci-token"), access: "write", expires: "30" }),
    revokeManagementTokenAction: async () => {
      const created = await asAdmin(() => createManagementTokenAction(null, form({ name: uniqueName("to-revoke"), access: "read", expires: "7" })));
      if (!created.ok) throw new Error(created.message);
      return form({ id: (created.data as { id: string }).id });
    },
    saveKeyPolicy: async () => form({ maxLifetimeDays: "", defaultExpiryDays: String(policyDays++) }),
    addPersonAction: async () => {
      const ws = await asAdmin(() => newWorkspace());
      return form({ email: `${uniqueName("new")}@example.test`, name: "New Person", role: "member", password, defaultWorkspaceId: ws.id, authorizedWorkspaceIds: ws.id });
    },
    updatePersonAction: async () => {
      const ws = await asAdmin(() => newWorkspace());
      return form({ id: (await createAdministrator("viewer")).id, name: "Edited Person", role: "member", defaultWorkspaceId: ws.id, authorizedWorkspaceIds: ws.id });
    },
    removePersonAction: async () => form({ id: (await createAdministrator("viewer")).id }),
    setPersonDisabledAction: async () => form({ id: (await createAdministrator("viewer")).id, disabled: "true" }),
    signOutEverywhereAction: async () => form({ id: (await createAdministrator("viewer")).id }),
    // The admin's own password is set to a known one first, so the admin's call would succeed.
    changeOwnPasswordAction: async () => {
      await updatePasswordHash(getDb(), { id: admin().id, passwordHash: await hashPassword(password) });
      return form({ currentPassword: password, password: `${password} changed` });
    },
    resetAdministratorPasswordAction: async () => form({ id: (await createAdministrator("viewer")).id, password }),
    revokeInvitationAction: async () => {
      const invited = await asAdmin(() => addPersonAction(null, form({ email: `${uniqueName("invited")}@example.test`, name: "Invited", role: "member", invite: "true", allWorkspaces: "true" })));
      if (!invited.ok) throw new Error(invited.message);
      return form({ id: invited.data!.id });
    },
    // A token no invitation has: the page says so and writes nothing.
    invitationStateAction: async () => form({ token: "A".repeat(43) }),
    acceptInvitationAction: async () => form({ token: "A".repeat(43), password }),
    signInAction: async () => form({ email: admin().email, password }),
    // Single sign-on is not configured in these tests: the action answers so, and writes nothing.
    ssoSignInAction: async () => form({ provider: "oidc" }),
    setupAction: async () => form({ email: `${uniqueName("setup")}@example.test`, name: "Setup Person", password }),
  };
}
