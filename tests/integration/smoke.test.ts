import { describe, expect, it } from "vitest";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { createWorkspace } from "@/lib/actions/workspaces";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

describe("smoke", () => {
  it("creates a workspace and an account", async () => {
    const admin = await createAdministrator("admin");
    signAs(admin);
    const ws = await createWorkspace(null, form({ name: uniqueName("team") }));
    expect(ws.ok).toBe(true);
    const id = ws.ok ? ws.data!.id : "";
    const sa = await createServiceAccount(null, form({ name: "ci-pipeline-prod", defaultWorkspaceId: id, authorizedWorkspaceIds: [id] }));
    expect(sa).toMatchObject({ ok: true });
  });
});
