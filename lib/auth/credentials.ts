import { getDb } from "@/db/client";
import { findCredentialsByEmail } from "@/db/queries/administrators";
import { signInLimiter, signInKey } from "@/lib/rate-limit/sign-in";
import { signInSchema } from "@/lib/validations/auth";
import { verifyPassword } from "./password";

/** Auth.js's `CredentialsSignin.code` for a refusal because of too many failures (lib/actions/auth.ts reads it). */
export const SIGN_IN_RATE_LIMITED = "rate_limited";
/** The code for a right password of a disabled person (said only to whoever knows the password). */
export const SIGN_IN_DISABLED = "account_disabled";

export type CredentialsCheck =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; code: "invalid_credentials" | typeof SIGN_IN_RATE_LIMITED | typeof SIGN_IN_DISABLED };

/**
 * The password check behind every sign-in: the dashboard's form and a direct POST to Auth.js's
 * /api/auth/callback/credentials both end here, so neither gets around the limit. A blocked
 * email + address is refused without verifying the password; a success forgets its failures.
 */
export async function checkCredentials(raw: unknown, clientAddress: string | null | undefined): Promise<CredentialsCheck> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "invalid_credentials" };
  const limiter = signInLimiter();
  const key = signInKey(parsed.data.email, clientAddress);
  if ((await limiter.blockedMs(key)) > 0) return { ok: false, code: SIGN_IN_RATE_LIMITED };
  const admin = await findCredentialsByEmail(getDb(), parsed.data.email);
  const ok = await verifyPassword(admin?.passwordHash ?? null, parsed.data.password);
  if (!admin || !ok) {
    await limiter.recordFailure(key);
    return { ok: false, code: "invalid_credentials" };
  }
  await limiter.reset(key);
  if (admin.disabledAt) return { ok: false, code: SIGN_IN_DISABLED };
  return { ok: true, user: { id: admin.id, email: admin.email, name: admin.name } };
}
