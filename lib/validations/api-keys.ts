import { z } from "zod";
import { idSchema } from "./common";

export const apiKeyNameSchema = z
  .string({ error: "Enter text" })
  .trim()
  .max(100, "Use at most 100 characters")
  .regex(/^[^\p{Cc}]*$/u, "Remove control characters")
  .optional()
  .transform((v) => (v ? v : null));

export const createApiKeySchema = z.object({ serviceAccountId: idSchema, name: apiKeyNameSchema });
export const deleteApiKeySchema = z.object({ serviceAccountId: idSchema, keyId: idSchema });
