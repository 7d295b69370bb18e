"use client";
import { TriangleAlert } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Choice } from "@/components/forms/choice";
import { FieldErrors, FormField } from "@/components/forms/form-field";
import { NativeSelect } from "@/components/ui/input";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { CHECK_A_WORKSPACE_MESSAGE, DEFAULT_NOT_AUTHORIZED_MESSAGE } from "@/lib/validations/workspace-access";
import { WorkspaceChecklist } from "./workspace-checklist";

const SHOWN_NAMES = 10;

/**
 * Default workspace (optional select) and Authorized workspaces: a choice between **All
 * workspaces** and **Only these workspaces** (with the checklist), the same for service accounts,
 * people and group mappings. Nothing widens access by accident: Create starts on "Only these" with
 * none checked (Create refuses that until one is checked or "All" chosen), an empty "Only these"
 * is refused inline, and Edit (`before`: the stored workspaces, none = every one) warns before
 * Save when the choice opens workspaces to `who`. A default outside the checked set is shown as a
 * conflict at once (the server refuses it with the same message), never dropped behind the user's back.
 */
export function WorkspaceAccessFields({
  workspaces,
  fieldErrors,
  initial = { defaultWorkspaceId: "", authorizedWorkspaceIds: [] },
  defaultHint = 'Optional. Used when a client asks for the workspace "default".',
  onAuthorizedChange,
  before,
  who = "this account's keys",
}: {
  workspaces: WorkspaceOption[];
  fieldErrors: Record<string, string[] | undefined>;
  initial?: { defaultWorkspaceId: string; authorizedWorkspaceIds: string[] };
  defaultHint?: string;
  /** The workspaces allowed as now chosen: none for "All workspaces" (and for "Only these" with none checked). */
  onAuthorizedChange?: (ids: string[]) => void;
  before?: string[];
  who?: string;
}) {
  const hintId = useId();
  // Edit opens on what is stored (no workspace = all); Create on "Only these", none checked.
  const [all, setAll] = useState(before !== undefined && before.length === 0);
  const [authorized, setAuthorized] = useState<string[]>(initial.authorizedWorkspaceIds);
  const [defaultId, setDefaultId] = useState(initial.defaultWorkspaceId);
  const conflict = defaultId !== "" && !all && authorized.length > 0 && !authorized.includes(defaultId);
  // The server's copy of the conflict goes once the conflict is resolved; its other messages stay.
  const serverErrors = (fieldErrors.defaultWorkspaceId ?? []).filter((m) => conflict || m !== DEFAULT_NOT_AUTHORIZED_MESSAGE);
  const defaultErrors = [...new Set([...(conflict ? [DEFAULT_NOT_AUTHORIZED_MESSAGE] : []), ...serverErrors])];
  // "None checked" goes once "All workspaces" is chosen; the list's other messages stay.
  const listErrors = (fieldErrors.authorizedWorkspaceIds ?? []).filter((m) => !(all && m === CHECK_A_WORKSPACE_MESSAGE));
  const choose = (nextAll: boolean, ids: string[]) => {
    setAll(nextAll);
    setAuthorized(ids);
    onAuthorizedChange?.(nextAll ? [] : ids);
  };
  const opened = before && before.length > 0 ? (all ? "all" : workspaces.filter((w) => authorized.includes(w.id) && !before.includes(w.id))) : [];
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
        <p id={hintId} className="sr-only">
          Choose all workspaces, or only the workspaces you check.
        </p>
        <Choice
          type="radio"
          name="allWorkspaces"
          value="true"
          checked={all}
          onChange={() => choose(true, authorized)}
          label="All workspaces"
          description="Every workspace, including workspaces created later."
        />
        <Choice
          type="radio"
          name="allWorkspaces"
          value="false"
          checked={!all}
          onChange={() => choose(false, authorized)}
          label="Only these workspaces"
          description="Only the workspaces checked below."
        />
        {all ? null : (
          <div className="ml-6">
            <WorkspaceChecklist
              name="authorizedWorkspaceIds"
              workspaces={workspaces}
              selected={authorized}
              onChange={(ids) => choose(false, ids)}
              invalid={listErrors.length > 0}
            />
          </div>
        )}
        <FieldErrors errors={listErrors.length ? listErrors : undefined} />
      </fieldset>
      <div aria-live="polite" className="grid gap-2 empty:hidden">
        {opened === "all" || opened.length > 0 ? (
          <AccessNotice>
            <strong>Widening access:</strong> {opened === "all" ? "every workspace, including workspaces created later," : <Names list={opened} />} will be
            open to {who} from Save on.
          </AccessNotice>
        ) : null}
      </div>
    </>
  );
}

/** Up to a few workspace names in bold, then "and N more": the access notices' list. */
export function Names({ list }: { list: WorkspaceOption[] }): ReactNode {
  const shown = list.slice(0, SHOWN_NAMES).map((w) => w.name);
  const more = list.length - shown.length;
  return (
    <>
      <strong>{shown.join(", ")}</strong>
      {more > 0 ? ` and ${more} more` : null}
    </>
  );
}

/** A warning beside a change of workspace access (widening here, narrowing in Edit service account). */
export function AccessNotice({ children }: { children: ReactNode }) {
  return (
    <p className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}
