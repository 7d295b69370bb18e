import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, idSchema, NO_CONTROL_CHARACTERS } from "./common";
import { expirySchema } from "./key-lifecycle";

export const apiKeyNameSchema = z
  .string({ error: "Enter text" })
  .trim()
  .max(100, "Use at most 100 characters")
  .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE)
  .optional()
  .transform((v) => (v ? v : null));

export const createApiKeySchema = z.object({ serviceAccountId: idSchema, name: apiKeyNameSchema }).extend(expirySchema.shape);
export const deleteApiKeySchema = z.object({ serviceAccountId: idSchema, keyId: idSchema });
