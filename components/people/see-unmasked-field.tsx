"use client";
import { useState } from "react";
import { Choice } from "@/components/forms/choice";
import { FieldErrors } from "@/components/forms/form-field";

/**
 * **See unmasked data** (docs/service-accounts-and-keys.md "Redaction in Opik"): on by default. The hidden "false" comes first,
 * so an unticked box still posts its answer (lib/validations/people.ts: the last value wins).
 */
const PERSON = "Off: when Opik's redaction is on, Opik's web UI shows this person masked trace and dataset content. A change signs them in to Opik again.";

export function SeeUnmaskedField({ initial = true, errors, description = PERSON }: { initial?: boolean; errors?: string[]; description?: string }) {
  const [checked, setChecked] = useState(initial);
  return (
    <div className="grid gap-1">
      <input type="hidden" name="seeUnmasked" value="false" />
      <Choice
        type="checkbox"
        name="seeUnmasked"
        value="true"
        checked={checked}
        onChange={setChecked}
        label="See unmasked data"
        labelClassName="font-medium"
        description={description}
      />
      <FieldErrors errors={errors} />
    </div>
  );
}
