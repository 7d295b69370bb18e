import { getDb } from "@/db/client";
import { findCredentialsByEmail } from "@/db/queries/administrators";
import { signInLimiter, signInKey } from "@/lib/rate-limit/sign-in";
import { signInSchema } from "@/lib/validations/auth";
import { holdsUnstorableText } from "@/lib/validations/storable-text";
import { verifyPassword } from "./password";
import { passwordSignInOpen } from "./sso-settings";
import { recordRefusedSignIn } from "@/lib/domain/sessions";

/** Auth.js's `CredentialsSignin.code` for a refusal because of too many failures (lib/actions/auth.ts reads it). */
export const SIGN_IN_RATE_LIMITED = "rate_limited";
/** The code for a right password of a disabled person (said only to whoever knows the password). */
export const SIGN_IN_DISABLED = "account_disabled";
/** The code for a right password of a person who signs in only with single sign-on (README "Single sign-on"). */
export const SIGN_IN_SSO_ONLY = "sso_only";

export type CredentialsCheck =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; code: "invalid_credentials" | typeof SIGN_IN_RATE_LIMITED | typeof SIGN_IN_DISABLED | typeof SIGN_IN_SSO_ONLY };

/**
 * The password check behind every sign-in: the dashboard's form and a direct POST to Auth.js's
 * /api/auth/callback/credentials both end here, so neither gets around the limit. A blocked
 * email + address is refused without verifying the password; a success forgets its failures.
 */
export async function checkCredentials(raw: unknown, clientAddress: string | null | undefined): Promise<CredentialsCheck> {
  const parsed = signInSchema.safeParse(raw);
  // A direct POST to Auth.js skips the form's action wrapper: NUL or a lone surrogate in the email
  // would fail the lookup and the audit insert (lib/validations/storable-text.ts).
  if (!parsed.success || holdsUnstorableText(parsed.data)) return { ok: false, code: "invalid_credentials" };
  const result = await check(parsed.data, clientAddress);
  // A refusal is an audit event (never the password); an unreadable form above is not a sign-in at all.
  if (!result.ok) {
    await recordRefusedSignIn({ method: "password", reason: result.code, person: result.person, email: parsed.data.email, clientAddress: clientAddress ?? null });
  }
  return result.ok ? result : { ok: false, code: result.code };
}

type Refused = { ok: false; code: Extract<CredentialsCheck, { ok: false }>["code"]; person: { id: string; email: string } | null };

async function check(input: { email: string; password: string }, clientAddress: string | null | undefined): Promise<Extract<CredentialsCheck, { ok: true }> | Refused> {
  const limiter = signInLimiter();
  const key = signInKey(input.email, clientAddress);
  if ((await limiter.blockedMs(key)) > 0) return { ok: false, code: SIGN_IN_RATE_LIMITED, person: null };
  const admin = await findCredentialsByEmail(getDb(), input.email);
  // With AUTH_PASSWORD_SIGN_IN=false only the break-glass administrator's password still works.
  const allowed = admin && (passwordSignInOpen() || admin.breakGlass);
  const ok = await verifyPassword(allowed ? admin.passwordHash : null, input.password);
  if (!admin || !ok) {
    await limiter.recordFailure(key);
    return { ok: false, code: "invalid_credentials", person: admin ? { id: admin.id, email: admin.email } : null };
  }
  await limiter.reset(key);
  const person = { id: admin.id, email: admin.email };
  if (admin.disabledAt) return { ok: false, code: SIGN_IN_DISABLED, person };
  // Linked to the provider while group mappings exist: their groups decide whether they may sign in
  // at all, which only single sign-on can ask, so a leaver's old password gives nothing (said only
  // to whoever knows it). The break-glass administrator keeps theirs for when the provider is down.
  if (admin.groupsManaged && !admin.breakGlass) return { ok: false, code: SIGN_IN_SSO_ONLY, person };
  return { ok: true, user: { id: admin.id, email: admin.email, name: admin.name } };
}
