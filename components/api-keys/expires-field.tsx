"use client";
import { useState } from "react";
import { FormField } from "@/components/forms/form-field";
import { Input, NativeSelect } from "@/components/ui/input";
import { expiryDateRange, expiryOptions, type KeyPolicyLimits } from "@/lib/validations/expiry-options";

/**
 * **Expires** of Add key: the presets the key policy allows, a date (its field shown once chosen),
 * and **Never** only without a maximum; preselected on the policy's default expiry. `nowMs` is the
 * page's render time, so the server and the browser draw the same date range.
 */
export function ExpiresField({ policy, nowMs, errors }: { policy: KeyPolicyLimits; nowMs: number; errors: Record<string, string[] | undefined> }) {
  const { options, selected } = expiryOptions(policy);
  const [choice, setChoice] = useState<string>(selected);
  const range = expiryDateRange(policy.maxLifetimeDays, nowMs);
  const max = policy.maxLifetimeDays;
  return (
    <div className="grid content-start gap-3">
      <FormField label="Expires" name="expires" errors={errors.expires} hint={max === null ? undefined : `The key policy allows keys of at most ${max} days.`}>
        {(p) => (
          <NativeSelect {...p} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {options.map((o) => (
              <option key={o.label} value={o.value}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      {choice === "date" ? (
        <FormField label="Expiry date" name="expiresOn" errors={errors.expiresOn} hint="The key works through this day (UTC).">
          {(p) => <Input {...p} type="date" min={range.min} max={range.max} required />}
        </FormField>
      ) : null}
    </div>
  );
}
