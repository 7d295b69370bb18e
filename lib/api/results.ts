import type { ActionResult } from "@/lib/validations/action-result";
import type { z } from "zod";
import { fieldErrorsOf, problem, type Problem } from "./http";
import type { RouteAnswer } from "./route";

/**
 * A lib/domain result as an HTTP answer: success with `status` and `body`; a refusal with field
 * errors as 422 (the same messages the dashboard's forms show), a thing that no longer exists as
 * 404, any other refusal (the last admin, a key rolled already, …) as 409 with its message.
 */
export function answerOf<T>(result: ActionResult<T>, status: 200 | 201 | 204, body: (data: T | undefined) => unknown = () => undefined): RouteAnswer {
  if (result.ok) return { status, body: body(result.data) };
  return refusalOf(result);
}

export function refusalOf(result: Extract<ActionResult<unknown>, { ok: false }>): Problem {
  if (result.fieldErrors && Object.keys(result.fieldErrors).length > 0) return problem(422, result.message, { errors: result.fieldErrors });
  if (/no longer exists|does not exist/.test(result.message)) return problem(404, result.message);
  return problem(409, result.message);
}

export const notFound = (what: string): Problem => problem(404, `${what} does not exist`);

/** A body that breaks the dashboard's schema: 422 with its field errors. */
export const invalid = (error: z.ZodError): Problem => problem(422, "Some fields need attention.", { errors: fieldErrorsOf(error) });
