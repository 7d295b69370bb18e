"use client";
import { useId, useState } from "react";
import { Choice } from "@/components/forms/choice";
import { FieldErrors } from "@/components/forms/form-field";
import type { KeyScope } from "@/db/schema";
import { grantedPermissions, INGEST_ONLY, READ_MASKED, READ_ONLY, SCOPE_LABELS } from "@/lib/scopes";
import { PermissionChecklist } from "./permission-checklist";

const SCOPES = Object.keys(SCOPE_LABELS) as KeyScope[];

/** What each choice allows, in one line (README "Scoped keys"; the lists themselves are lib/scopes.ts). */
const SUMMARIES: Record<KeyScope, string> = {
  full: "Everything in the account's workspaces, including permissions a newer Opik adds.",
  ingest: "What logging and evaluate() need: log traces, spans and feedback scores, create experiments, datasets and prompt versions, and read them back; no delete.",
  read: "Reads projects, datasets, experiments, prompts, dashboards, annotation queues and optimization runs; changes nothing Opik checks a permission for.",
  masked: "As Read only, but sees Opik's redacted view of trace and dataset content (when Opik's redaction is on): for annotators, contractors, support dashboards.",
  custom: "Only the permissions you tick below; permissions a newer Opik adds are refused.",
};

/** Why each permission of a preset is in it (lib/scopes.ts), shown on request. */
const REASONS: Partial<Record<KeyScope, Readonly<Record<string, string>>>> = { ingest: INGEST_ONLY, read: READ_ONLY, masked: READ_MASKED };

/**
 * **Scope** of Add key (issue 13): Full access, Ingest only (preselected: what the SDKs need to log and
 * read back, issue 27), Read only, Read masked or Custom, each with what it allows; Custom opens Opik's
 * permissions as a checklist. Only Custom posts `permissions` (one field per ticked box): the presets
 * follow lib/scopes.ts.
 */
export function ScopeField({ errors }: { errors: Record<string, string[] | undefined> }) {
  const id = useId();
  const [scope, setScope] = useState<KeyScope>("ingest");
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const reasons = REASONS[scope];
  const errorId = errors.scope?.length ? `${id}-error` : undefined;
  return (
    <fieldset className="grid gap-2" aria-describedby={errorId}>
      <legend className="text-sm font-medium">Scope</legend>
      <p className="text-xs text-muted-foreground">What the key may do in Opik. Roll key keeps it.</p>
      <div className="grid gap-2 sm:grid-cols-2">
        {SCOPES.map((name) => (
          <Choice
            key={name}
            type="radio"
            name="scope"
            value={name}
            checked={scope === name}
            onChange={() => setScope(name)}
            label={SCOPE_LABELS[name]}
            labelClassName="font-medium"
            description={SUMMARIES[name]}
            className="rounded-md border p-2 has-checked:border-primary"
          />
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors.scope} />
      {scope === "read" || scope === "masked" ? (
        <p className="text-xs text-muted-foreground" role="note">
          Opik checks no permission on some requests (trace, span and thread reads, dataset item inserts, OpenTelemetry
          ingestion, a few deletes), so every key may make those: Read only refuses everything Opik checks a permission for.
        </p>
      ) : null}
      {reasons ? (
        <details className="text-xs">
          <summary className="cursor-pointer font-medium">
            The {grantedPermissions({ name: scope, permissions: null }).length} permissions of {SCOPE_LABELS[scope]}
          </summary>
          <ul className="mt-1 grid gap-0.5">
            {Object.entries(reasons).map(([permission, reason]) => (
              <li key={permission}>
                <code>{permission}</code>: {reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {scope === "custom" ? <PermissionChecklist checked={checked} onChange={setChecked} errors={errors.permissions} /> : null}
    </fieldset>
  );
}
