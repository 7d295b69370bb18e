"use client";
import { useId, useState } from "react";
import { FieldErrors, FormField } from "@/components/forms/form-field";
import { NativeSelect } from "@/components/ui/input";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { WorkspaceChecklist } from "./workspace-checklist";

/**
 * Default workspace (optional select) and Authorized workspaces (optional multi-select), with the
 * same meaning for service accounts and people. A default outside a non-empty authorized set
 * cannot be picked (the server refuses it too).
 */
export function WorkspaceAccessFields({
  workspaces,
  fieldErrors,
  initial = { defaultWorkspaceId: "", authorizedWorkspaceIds: [] },
  defaultHint = 'Optional. Used when a client asks for the workspace "default".',
}: {
  workspaces: WorkspaceOption[];
  fieldErrors: Record<string, string[] | undefined>;
  initial?: { defaultWorkspaceId: string; authorizedWorkspaceIds: string[] };
  defaultHint?: string;
}) {
  const hintId = useId();
  const [authorized, setAuthorized] = useState<string[]>(initial.authorizedWorkspaceIds);
  const [defaultId, setDefaultId] = useState(initial.defaultWorkspaceId);
  return (
    <>
      <FormField label="Default workspace" name="defaultWorkspaceId" errors={fieldErrors.defaultWorkspaceId} hint={defaultHint}>
        {(p) => (
          <NativeSelect {...p} value={defaultId} onChange={(e) => setDefaultId(e.target.value)}>
            <option value="">No default workspace</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id} disabled={authorized.length > 0 && !authorized.includes(w.id)}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <fieldset className="grid gap-2" aria-describedby={hintId}>
        <legend className="mb-2 text-sm font-medium">Authorized workspaces</legend>
        <WorkspaceChecklist
          name="authorizedWorkspaceIds"
          workspaces={workspaces}
          selected={authorized}
          onChange={setAuthorized}
          invalid={Boolean(fieldErrors.authorizedWorkspaceIds)}
        />
        <p id={hintId} className="text-xs text-muted-foreground">
          Optional. Leave all unchecked to allow every workspace; check some to allow only those.
        </p>
        <FieldErrors errors={fieldErrors.authorizedWorkspaceIds} />
      </fieldset>
    </>
  );
}
