"use server";
import { AuthError } from "next-auth";
import { safeReturnPath } from "@/lib/access/return-path";
import { SIGN_IN_DISABLED, SIGN_IN_RATE_LIMITED } from "@/lib/auth/credentials";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { createFirstAdministrator } from "@/lib/domain/administrators";
import { signInRetryAfterS, tooManySignInsMessage } from "@/lib/rate-limit/sign-in";
import { setupSchema, signInSchema } from "@/lib/validations/auth";
import type { ActionResult } from "@/lib/validations/action-result";
import { defineAction, WRONG_CREDENTIALS } from "./define-action";

// "/" sends each role to its home: the dashboard, or /me for a member (app/page.tsx).
const HOME = "/";
const DISABLED_MESSAGE = "This account is disabled. Ask an admin to enable it.";

const tooManySignIns = (email: string, retryAfterS: number): ActionResult => ({
  ok: false,
  message: tooManySignInsMessage(retryAfterS),
  values: { email },
});

/**
 * Auth.js signs in by throwing a redirect; only its own errors are turned into a message. The
 * password check and the failure count live in Auth.js's authorize (lib/auth/credentials.ts).
 */
async function signInWithPassword(email: string, password: string, clientAddress: string | null, next?: string): Promise<ActionResult> {
  try {
    await signIn("credentials", { email, password, redirectTo: safeReturnPath(next) ?? HOME });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // Blocked between this action's own check and Auth.js's (a concurrent failure).
    if ((error as { code?: unknown }).code === SIGN_IN_RATE_LIMITED) {
      return tooManySignIns(email, Math.max(1, await signInRetryAfterS(email, clientAddress)));
    }
    if ((error as { code?: unknown }).code === SIGN_IN_DISABLED) return { ok: false, message: DISABLED_MESSAGE, values: { email } };
    return { ok: false, message: WRONG_CREDENTIALS, values: { email } };
  }
  return { ok: true };
}

export const signInAction = defineAction({ schema: signInSchema, permission: "public" }, async (input, ctx) => {
  // Blocked: say how long to wait, without handing the password to Auth.js at all.
  const retryAfterS = await signInRetryAfterS(input.email, ctx.clientAddress);
  if (retryAfterS > 0) return tooManySignIns(input.email, retryAfterS);
  return signInWithPassword(input.email, input.password, ctx.clientAddress, input.next);
});

export const setupAction = defineAction({ schema: setupSchema, permission: "public" }, async (input, ctx) => {
  const created = await createFirstAdministrator(input, ctx.clientAddress);
  if (!created.ok) return created;
  return signInWithPassword(input.email, input.password, ctx.clientAddress);
});

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
