"use client";
import { useId, useState } from "react";
import { FieldErrors, FormField } from "@/components/forms/form-field";
import { NativeSelect } from "@/components/ui/input";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { DEFAULT_NOT_AUTHORIZED_MESSAGE } from "@/lib/validations/workspace-access";
import { WorkspaceChecklist } from "./workspace-checklist";

/**
 * Default workspace (optional select) and Authorized workspaces (optional multi-select), with the
 * same meaning for service accounts and people. Every option stays selectable and the form posts
 * exactly what it shows: a default outside a non-empty authorized set is shown as a conflict on the
 * field at once (the server refuses it with the same message), never dropped behind the user's back.
 */
export function WorkspaceAccessFields({
  workspaces,
  fieldErrors,
  initial = { defaultWorkspaceId: "", authorizedWorkspaceIds: [] },
  defaultHint = 'Optional. Used when a client asks for the workspace "default".',
  onAuthorizedChange,
}: {
  workspaces: WorkspaceOption[];
  fieldErrors: Record<string, string[] | undefined>;
  initial?: { defaultWorkspaceId: string; authorizedWorkspaceIds: string[] };
  defaultHint?: string;
  onAuthorizedChange?: (ids: string[]) => void;
}) {
  const hintId = useId();
  const [authorized, setAuthorized] = useState<string[]>(initial.authorizedWorkspaceIds);
  const [defaultId, setDefaultId] = useState(initial.defaultWorkspaceId);
  const conflict = defaultId !== "" && authorized.length > 0 && !authorized.includes(defaultId);
  // The server's copy of the conflict goes once the conflict is resolved; its other messages stay.
  const serverErrors = (fieldErrors.defaultWorkspaceId ?? []).filter((m) => conflict || m !== DEFAULT_NOT_AUTHORIZED_MESSAGE);
  const defaultErrors = [...new Set([...(conflict ? [DEFAULT_NOT_AUTHORIZED_MESSAGE] : []), ...serverErrors])];
  return (
    <>
      <FormField label="Default workspace" name="defaultWorkspaceId" errors={defaultErrors.length ? defaultErrors : undefined} hint={defaultHint}>
        {(p) => (
          <NativeSelect {...p} value={defaultId} onChange={(e) => setDefaultId(e.target.value)}>
            <option value="">No default workspace</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
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
          onChange={(ids) => {
            setAuthorized(ids);
            onAuthorizedChange?.(ids);
          }}
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
