"use client";
import { useState } from "react";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from "@/lib/validations/audit";

/** Filters live in the URL; applying one goes back to the first page. */
export function AuditFilters({ action, actor, target }: { action: string; actor: string; target: string }) {
  const { setParams } = useUrlParams();
  const [values, setValues] = useState({ action, actor, target });
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label="Filter audit events"
      onSubmit={(e) => {
        e.preventDefault();
        setParams({ ...values, page: null });
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor="audit-action">Action</Label>
        <NativeSelect id="audit-action" className="w-56" value={values.action} onChange={(e) => setValues({ ...values, action: e.target.value })}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {AUDIT_ACTION_LABELS[a]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-actor">Actor</Label>
        <Input id="audit-actor" className="w-56" placeholder="email contains" value={values.actor} maxLength={254} onChange={(e) => setValues({ ...values, actor: e.target.value })} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-target">Target</Label>
        <Input id="audit-target" className="w-56" placeholder="name contains, or exact id" value={values.target} maxLength={200} onChange={(e) => setValues({ ...values, target: e.target.value })} />
      </div>
      <Button type="submit">Filter</Button>
      <Button
        type="button"
        variant="ghost"
        onClick={() => {
          setValues({ action: "", actor: "", target: "" });
          setParams({ action: null, actor: null, target: null, page: null });
        }}
      >
        Clear
      </Button>
    </form>
  );
}
