import { z } from "zod";
import { KEY_LIFETIME_MINUTES } from "@/db/schema-trust";
import { subjectProblem } from "@/lib/token-exchange/subject-pattern";
import { CONTROL_CHARACTERS_MESSAGE, idSchema, NO_CONTROL_CHARACTERS, optionalIdSchema } from "./common";
import { refineCustomScope, scopeFieldsSchema, scopePermissions } from "./api-keys";

/** Claims the exchange checks itself: a condition on them would be ignored or contradictory. */
const RESERVED_CLAIMS = new Set(["iss", "aud", "sub", "exp", "nbf", "iat", "jti"]);
export const MAX_SUBJECTS = 20;
export const MAX_CLAIMS = 20;
const MAX_VALUE = 500;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** An issuer: https, or http on a loopback address (tests and labs); no query, fragment or credentials. */
export function issuerProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter the issuer's URL, e.g. https://token.actions.githubusercontent.com";
  }
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) return "The issuer must use https (http only on a loopback address such as 127.0.0.1)";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The issuer must be an https URL";
  if (url.username || url.password || url.search || url.hash || raw.includes("?") || raw.includes("#")) return "The issuer is a plain URL: no credentials, query or fragment";
  return null;
}

const text = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Use at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE);

const nameSchema = z
  .string({ error: "Enter text" })
  .trim()
  .max(100, "Use at most 100 characters")
  .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE)
  .nullish()
  .transform((v) => (v ? v : null));

const subjectsSchema = z
  .union([z.string(), z.array(z.string({ error: "Each subject is text" }))], { error: "Enter at least one subject" })
  .transform((v) => [...new Set((Array.isArray(v) ? v : v.split("\n")).map((s) => s.trim()).filter(Boolean))])
  .pipe(
    z
      .array(z.string().max(MAX_VALUE, `A subject has at most ${MAX_VALUE} characters`).regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE))
      .min(1, "Enter at least one subject")
      .max(MAX_SUBJECTS, `Enter at most ${MAX_SUBJECTS} subjects`)
      .superRefine((list, ctx) => {
        for (const subject of list) {
          const problem = subjectProblem(subject);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }
      }),
  );

const claimsSchema = z
  .record(z.string(), z.string({ error: "Each claim's value is text (the exact value the token must hold)" }), { error: "Claims are an object: claim name → exact value" })
  .nullish()
  .transform((v) => v ?? {})
  .superRefine((claims, ctx) => {
    const entries = Object.entries(claims);
    if (entries.length > MAX_CLAIMS) ctx.addIssue({ code: "custom", message: `Set at most ${MAX_CLAIMS} claim conditions` });
    for (const [name, value] of entries) {
      if (!/^[A-Za-z0-9_.:/-]{1,100}$/.test(name)) ctx.addIssue({ code: "custom", message: `"${name.slice(0, 40)}" is not a claim name (letters, digits, _ . : / -; up to 100)` });
      else if (RESERVED_CLAIMS.has(name)) ctx.addIssue({ code: "custom", message: `"${name}" is checked by the exchange itself: use the issuer, audience or subjects fields` });
      if (value.length === 0 || value.length > MAX_VALUE || !NO_CONTROL_CHARACTERS.test(value)) {
        ctx.addIssue({ code: "custom", message: `The value of "${name.slice(0, 40)}" is 1 to ${MAX_VALUE} characters without control characters` });
      }
    }
  });

/**
 * A trusted pipeline (docs/keyless-ci.md): the body of POST …/trust-policies, and of a PATCH once
 * the stored values are merged under the sent ones. `audience` absent = the service's public URL
 * (AUTH_URL), filled in by lib/domain/trust-policies.ts.
 */
export const trustPolicySchema = z
  .object({
    serviceAccountId: idSchema,
    name: nameSchema,
    issuer: text(500, "the issuer's URL").superRefine((v, ctx) => {
      const problem = issuerProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    audience: z
      .string({ error: "Enter the audience" })
      .trim()
      .max(MAX_VALUE, `Use at most ${MAX_VALUE} characters`)
      .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE)
      .nullish()
      .transform((v) => (v ? v : null)),
    subjects: subjectsSchema,
    claims: claimsSchema,
    keyLifetimeMinutes: z.coerce
      .number({ error: `Enter whole minutes from ${KEY_LIFETIME_MINUTES.min} to ${KEY_LIFETIME_MINUTES.max}` })
      .int(`Enter whole minutes from ${KEY_LIFETIME_MINUTES.min} to ${KEY_LIFETIME_MINUTES.max}`)
      .min(KEY_LIFETIME_MINUTES.min, `A key lives at least ${KEY_LIFETIME_MINUTES.min} minutes`)
      .max(KEY_LIFETIME_MINUTES.max, `A key lives at most ${KEY_LIFETIME_MINUTES.max} minutes`)
      .default(KEY_LIFETIME_MINUTES.default),
    defaultWorkspaceId: optionalIdSchema.nullish().transform((v) => v ?? null),
  })
  .extend(scopeFieldsSchema.shape)
  .superRefine(refineCustomScope)
  .transform(scopePermissions);

export type TrustPolicyInput = z.infer<typeof trustPolicySchema>;

export const trustPolicyRefSchema = z.object({ serviceAccountId: idSchema, policyId: idSchema });
