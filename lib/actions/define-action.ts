import "server-only";
import { z } from "zod";
import type { AdministratorDto } from "@/db/queries/administrators";
import { refusalFor, type Permission } from "@/lib/auth/roles";
import { getCurrentAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { clientAddress } from "@/lib/request";
import type { ActionResult, ActionState } from "@/lib/validations/action-result";
import { MAX_INPUT } from "@/lib/validations/common";
import { UNSTORABLE_TEXT_MESSAGE, unstorableFields } from "@/lib/validations/storable-text";

export type ActionContext<TActor> = { actor: TActor; clientAddress: string | null };

type Handler<TSchema extends z.ZodType, TData, TActor> = (
  input: z.output<TSchema>,
  ctx: ActionContext<TActor>,
) => Promise<ActionResult<TData>>;

export const SIGNED_OUT_MESSAGE = "Your session has ended. Sign in again to continue.";
export const UNREADABLE_MESSAGE = "The request could not be read. Reload the page and try again.";
export const INVALID_MESSAGE = "Some fields need attention.";
export const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Builds a server action. Server actions are public POST endpoints, so the permission is declared
 * here and checked on every call, before the input is even read; middleware is never the guard.
 */
export function defineAction<TSchema extends z.ZodType, TData = undefined>(
  config: { schema: TSchema; permission: Permission },
  handler: Handler<TSchema, TData, AdministratorDto>,
): (prev: ActionState<TData>, payload: unknown) => Promise<ActionResult<TData>>;
export function defineAction<TSchema extends z.ZodType, TData = undefined>(
  config: { schema: TSchema; permission: "public" },
  handler: Handler<TSchema, TData, null>,
): (prev: ActionState<TData>, payload: unknown) => Promise<ActionResult<TData>>;
export function defineAction<TSchema extends z.ZodType, TData>(
  config: { schema: TSchema; permission: Permission | "public" },
  handler: Handler<TSchema, TData, never>,
) {
  // The overloads tie the actor's type to the permission: null only for public actions.
  const run = handler as Handler<TSchema, TData, AdministratorDto | null>;
  // Every query of the action, session check included, gets DB_DEADLINE_MS on Postgres; a frozen
  // or unreachable database is an error (the dashboard's error page), and a transaction of a
  // request answered that way rolls back instead of committing later (lib/db-guard.ts guardRequest).
  // async: Next exposes each export of a "use server" file as an endpoint and wants async functions.
  return async (prev: ActionState<TData>, payload: unknown): Promise<ActionResult<TData>> => guardRequest(() => act(prev, payload));
  async function act(_prev: ActionState<TData>, payload: unknown): Promise<ActionResult<TData>> {
    let actor: AdministratorDto | null = null;
    if (config.permission !== "public") {
      actor = await getCurrentAdministrator();
      if (!actor) return { ok: false, message: SIGNED_OUT_MESSAGE };
      // The one role check of every action: a viewer is refused a write, a member everything but
      // their own account ("self"), each with a message that says why.
      const refusal = refusalFor(actor.role, config.permission);
      if (refusal) return { ok: false, message: refusal };
    }
    const raw = toPlainObject(payload);
    if (!raw) return { ok: false, message: UNREADABLE_MESSAGE };
    // No database column holds NUL or a lone surrogate: refused here, for every field of every
    // action, rather than failing in the database (lib/validations/storable-text.ts).
    const unstorable = unstorableFields(raw);
    if (unstorable.length > 0) {
      return {
        ok: false,
        message: INVALID_MESSAGE,
        fieldErrors: Object.fromEntries(unstorable.map((field) => [field, [UNSTORABLE_TEXT_MESSAGE]])),
        values: echoableValues(raw),
      };
    }
    const parsed = config.schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        message: INVALID_MESSAGE,
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values: echoableValues(raw),
      };
    }
    return run(parsed.data, { actor, clientAddress: await clientAddress() });
  }
}

// Field names that would reach an object's prototype instead of a property.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** FormData (repeated fields become arrays) or a plain object; anything else is unreadable. */
export function toPlainObject(payload: unknown): Record<string, unknown> | null {
  if (payload instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const key of new Set(payload.keys())) {
      if (key.startsWith("$ACTION") || UNSAFE_KEYS.has(key)) continue; // React's bookkeeping; prototype keys
      const values = payload.getAll(key);
      out[key] = values.length === 1 ? values[0] : values;
    }
    return out;
  }
  if (payload && typeof payload === "object" && !Array.isArray(payload)) {
    return Object.fromEntries(Object.entries(payload).filter(([key]) => !UNSAFE_KEYS.has(key)));
  }
  return null;
}

/** Typed values sent back to the form: strings only, never anything that looks like a secret. */
function echoableValues(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (/password|secret|key$|token/i.test(key)) continue;
    if (typeof value === "string") out[key] = value.slice(0, MAX_INPUT);
    else if (Array.isArray(value)) {
      out[key] = value.filter((v): v is string => typeof v === "string").map((v) => v.slice(0, MAX_INPUT));
    }
  }
  return out;
}

// Kept here too for callers that already import them from the action wrapper.
export { FOREIGN_KEY_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from "@/lib/db-errors";
