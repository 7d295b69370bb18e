import { z } from "zod";
import { TOKEN_ACCESS } from "@/db/schema-api";
import { CONTROL_CHARACTERS_MESSAGE, idSchema, NO_CONTROL_CHARACTERS } from "./common";

/** **Expires** of Create token: days from now, or never. */
export const TOKEN_EXPIRY_CHOICES = ["7", "30", "90", "365", "never"] as const;
export const DEFAULT_TOKEN_EXPIRY = "90";

/** Create token (Settings page): a name saying what uses it, **Read** or **Write**, and an expiry. */
export const createManagementTokenSchema = z.object({
  name: z
    .string({ error: "Enter a name that says what uses the token" })
    .trim()
    .min(1, "Enter a name that says what uses the token")
    .max(100, "Use at most 100 characters")
    .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE),
  access: z.enum(TOKEN_ACCESS, { error: "Choose Read or Write" }),
  expires: z.enum(TOKEN_EXPIRY_CHOICES, { error: "Choose when the token expires" }),
});
export type CreateManagementTokenInput = z.infer<typeof createManagementTokenSchema>;

export const revokeManagementTokenSchema = z.object({ id: idSchema });
