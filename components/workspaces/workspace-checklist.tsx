"use client";
import { useId, useState } from "react";
import { Input } from "@/components/ui/input";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { cn } from "@/lib/utils";

/** Multi-select of workspaces as labelled checkboxes, with a filter once the list gets long. */
export function WorkspaceChecklist({
  name,
  workspaces,
  selected,
  onChange,
  invalid,
}: {
  name: string;
  workspaces: WorkspaceOption[];
  selected: string[];
  onChange: (ids: string[]) => void;
  invalid?: boolean;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  if (workspaces.length === 0) {
    return <p className="text-sm text-muted-foreground">No workspaces yet. Create them on the Workspaces page.</p>;
  }
  const needle = filter.trim().toLowerCase();
  return (
    <div className="grid gap-2">
      {workspaces.length > 8 ? (
        <Input aria-label="Filter workspaces" placeholder="Filter workspaces" value={filter} onChange={(e) => setFilter(e.target.value)} />
      ) : null}
      <div className={cn("grid max-h-44 gap-1 overflow-y-auto rounded-md border p-2", invalid && "border-destructive")}>
        {workspaces.map((w) => {
          const checked = selected.includes(w.id);
          const hidden = needle !== "" && !w.name.includes(needle) && !checked;
          return (
            <label key={w.id} htmlFor={`${id}-${w.id}`} className={cn("flex items-center gap-2 text-sm", hidden && "hidden")}>
              <input
                id={`${id}-${w.id}`}
                type="checkbox"
                name={name}
                value={w.id}
                checked={checked}
                className="size-4 accent-primary"
                onChange={(e) => onChange(e.target.checked ? [...selected, w.id] : selected.filter((s) => s !== w.id))}
              />
              {w.name}
            </label>
          );
        })}
      </div>
    </div>
  );
}
