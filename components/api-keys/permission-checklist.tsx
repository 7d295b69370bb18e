"use client";
import { useId } from "react";
import { Choice } from "@/components/forms/choice";
import { FieldErrors } from "@/components/forms/form-field";
import { PERMISSION_GROUPS } from "@/lib/scopes";

/**
 * Custom scope: Opik's permissions, grouped as Opik groups them (lib/scopes.ts), each with what it
 * unlocks. Every ticked box posts one `permissions` field; none ticked is refused inline by the
 * schema (lib/validations/api-keys.ts). The ticks live in the parent, so they survive switching
 * to a preset and back.
 */
export function PermissionChecklist({
  checked,
  onChange,
  errors,
}: {
  checked: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
  errors?: string[];
}) {
  const id = useId();
  const errorId = errors?.length ? `${id}-error` : undefined;
  function toggle(permission: string, on: boolean) {
    const next = new Set(checked);
    if (on) next.add(permission);
    else next.delete(permission);
    onChange(next);
  }
  return (
    <fieldset className="grid gap-2" aria-describedby={errorId} aria-invalid={errorId ? true : undefined}>
      <legend className="text-sm font-medium">Permissions</legend>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {checked.size === 1 ? "1 permission chosen" : `${checked.size} permissions chosen`}
      </p>
      <FieldErrors id={errorId} errors={errors} />
      <div className="grid max-h-72 gap-3 overflow-y-auto rounded-md border p-2 sm:grid-cols-2">
        {PERMISSION_GROUPS.map(({ group, permissions }) => (
          <fieldset key={group} className="grid content-start gap-1.5">
            <legend className="text-xs font-semibold">{group}</legend>
            {Object.entries(permissions).map(([permission, unlocks]) => (
              <Choice
                key={permission}
                type="checkbox"
                name="permissions"
                value={permission}
                checked={checked.has(permission)}
                onChange={(on) => toggle(permission, on)}
                label={permission}
                labelClassName="font-mono text-xs"
                description={unlocks}
              />
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}
