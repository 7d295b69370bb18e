"use server";
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { createFirstAdministrator } from "@/lib/domain/administrators";
import { setupSchema, signInSchema } from "@/lib/validations/auth";
import type { ActionResult } from "@/lib/validations/action-result";
import { defineAction, WRONG_CREDENTIALS } from "./define-action";

const HOME = "/admin/service-accounts";

/** Auth.js signs in by throwing a redirect; only its own errors are turned into a message. */
async function signInWithPassword(email: string, password: string): Promise<ActionResult> {
  try {
    await signIn("credentials", { email, password, redirectTo: HOME });
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, message: WRONG_CREDENTIALS, values: { email } };
    throw error;
  }
  return { ok: true };
}

export const signInAction = defineAction({ schema: signInSchema, permission: "public" }, async (input) =>
  signInWithPassword(input.email, input.password),
);

export const setupAction = defineAction({ schema: setupSchema, permission: "public" }, async (input, ctx) => {
  const created = await createFirstAdministrator(input, ctx.clientAddress);
  if (!created.ok) return created;
  return signInWithPassword(input.email, input.password);
});

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
