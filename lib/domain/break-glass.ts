// No "server-only" guard: server.ts loads lib/domain for the management API (lib/api), outside Next.js.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { countPasswordAdmins } from "@/db/queries/administrators";
import { administrators } from "@/db/schema";
import { passwordSignInOpen } from "@/lib/auth/sso-settings";

export const LAST_BREAK_GLASS_MESSAGE =
  "This is the last enabled admin with a password, and password sign-in is off (AUTH_PASSWORD_SIGN_IN=false): they are the break-glass sign-in for when the identity provider is down. Add another admin with a password first.";

/**
 * Whether disabling, demoting or removing this person would leave no enabled admin with a
 * password while AUTH_PASSWORD_SIGN_IN=false: nobody could sign in when the identity provider is
 * down (README "Single sign-on"). Callers hold the people lock (lockPeople), so two such changes
 * at once cannot both pass.
 */
export async function isLastBreakGlassAdmin(tx: Tx, personId: string): Promise<boolean> {
  if (passwordSignInOpen()) return false;
  const [candidate] = await tx
    .select({ id: administrators.id })
    .from(administrators)
    .where(and(eq(administrators.id, personId), eq(administrators.role, "admin"), isNull(administrators.disabledAt), isNotNull(administrators.passwordHash)));
  return candidate !== undefined && (await countPasswordAdmins(tx)) <= 1;
}
