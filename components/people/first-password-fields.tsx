"use client";
import { useState } from "react";
import { Choice } from "@/components/forms/choice";
import { FieldErrors, FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";

/**
 * Add person's first password: an invitation link where they set their own (docs/people-and-roles.md
 * "Invitations"), or a password the admin sets, for someone who cannot use a link.
 */
export function FirstPasswordFields({ fieldErrors }: { fieldErrors: Record<string, string[] | undefined> }) {
  const [invite, setInvite] = useState(false);
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-2 text-sm font-medium">Their first sign-in</legend>
      <Choice
        type="radio"
        name="invite"
        value="false"
        checked={!invite}
        onChange={() => setInvite(false)}
        label="Choose it for them"
        description="For someone who cannot use a link: you type it below."
      />
      <Choice
        type="radio"
        name="invite"
        value="true"
        checked={invite}
        onChange={() => setInvite(true)}
        label="Invite them to choose it"
        description="A link, shown once, where they set their own; it works once, for 7 days."
      />
      <FieldErrors errors={fieldErrors.invite} />
      {invite ? null : (
        <FormField label="Password" name="password" errors={fieldErrors.password} hint="At least 12 characters. Give it to the person through a safe channel.">
          {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
        </FormField>
      )}
    </fieldset>
  );
}
