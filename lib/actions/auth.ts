"use server";
import { AuthError } from "next-auth";
import { safeReturnPath } from "@/lib/access/return-path";
import { SIGN_IN_DISABLED, SIGN_IN_RATE_LIMITED, SIGN_IN_SSO_ONLY } from "@/lib/auth/credentials";
import { ssoOnlyMessage } from "@/lib/auth/sso-messages";
import { redirect } from "next/navigation";
import { OIDC_PROVIDER_ID, signIn, signOut } from "@/lib/auth/next-auth";
import { createFirstAdministrator } from "@/lib/domain/administrators";
import { signInRetryAfterS, tooManySignInsMessage } from "@/lib/rate-limit/sign-in";
import { setupSchema, signInSchema, ssoSignInSchema } from "@/lib/validations/auth";
import { readSsoSettings } from "@/lib/auth/sso-settings";
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
    if ((error as { code?: unknown }).code === SIGN_IN_SSO_ONLY) return { ok: false, message: ssoOnlyMessage(readSsoSettings()?.name), values: { email } };
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

/**
 * "Sign in with …": hands the browser to the identity provider (Auth.js builds the request with
 * PKCE, state and nonce). When the provider cannot be reached, back to /login saying so.
 */
export const ssoSignInAction = defineAction({ schema: ssoSignInSchema, permission: "public" }, async (input): Promise<ActionResult> => {
  if (!readSsoSettings()) return { ok: false, message: "Single sign-on is not configured here." };
  const next = safeReturnPath(input.next) ?? HOME;
  let target: string | null = null;
  try {
    // The URL instead of the redirect: a provider that cannot be reached comes back as Auth.js's
    // error page (this service's /login?error=…), told apart from the provider's own address.
    target = (await signIn(OIDC_PROVIDER_ID, { redirectTo: next, redirect: false })) as string;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
  }
  const url = typeof target === "string" && URL.canParse(target) ? new URL(target) : null;
  if (url && !(url.pathname === "/login" && url.searchParams.has("error"))) redirect(url.href);
  console.warn("[auth] single sign-on unavailable: the identity provider could not be reached or its discovery document was not usable");
  redirect(`/login?error=sso_unavailable${next === HOME ? "" : `&next=${encodeURIComponent(next)}`}`);
});

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
