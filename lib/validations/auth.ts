import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, NO_CONTROL_CHARACTERS } from "./common";

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(254, "Use at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address" }));

// Upper bound keeps argon2 work bounded for absurd inputs.
/** One message per problem: each check stops the ones after it (an empty password is "Enter a password", nothing more). */
export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(1, { error: "Enter a password", abort: true })
  .refine((p) => p.trim().length > 0, { error: "Use more than spaces", abort: true })
  .min(12, { error: "Use at least 12 characters", abort: true })
  .max(200, "Use at most 200 characters");

export const administratorNameSchema = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(100, "Use at most 100 characters")
  .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE)
  .regex(/^[^<>]*$/, "Remove angle brackets");

export const setupSchema = z.object({
  email: emailSchema,
  name: administratorNameSchema,
  password: newPasswordSchema,
});

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address").max(254),
  password: z.string().min(1, "Enter your password").max(200),
  // Where to go after signing in (lib/access/return-path.ts checks it); absent = the dashboard.
  next: z.string().max(4000).optional(),
});

/** "Sign in with …" on /login: which provider (only `oidc` exists) and where to go after. */
export const ssoSignInSchema = z.object({
  provider: z.literal("oidc", "Choose a sign-in provider"),
  next: z.string().max(4000).optional(),
});
