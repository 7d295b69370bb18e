import { LogOut } from "lucide-react";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import type { AdministratorDto } from "@/db/queries/administrators";
import { signOutAction } from "@/lib/actions/auth";
import { ChangePasswordDialog } from "./change-password-dialog";

/** Change password only for someone with a password here: a person who signs in only with single sign-on has none. */
export function UserMenu({ admin, hasPassword }: { admin: AdministratorDto; hasPassword: boolean }) {
  return (
    <div className="grid gap-2 border-t pt-4">
      <div className="grid gap-0.5 text-sm" data-testid="signed-in-user">
        <span className="truncate font-medium">{admin.name}</span>
        <span className="truncate text-xs text-muted-foreground">{admin.email}</span>
        <span>
          <Badge variant="outline">{admin.role}</Badge>
        </span>
      </div>
      {hasPassword ? <ChangePasswordDialog /> : null}
      <form action={signOutAction}>
        <SubmitButton variant="outline" size="sm" className="w-full">
          <LogOut aria-hidden />
          Sign out
        </SubmitButton>
      </form>
    </div>
  );
}
