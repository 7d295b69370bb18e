/** The one return shape of every server action (STYLE.md). */
export type FieldErrors = Record<string, string[]>;

export type ActionResult<TData = undefined> =
  | { ok: true; message?: string; data?: TData }
  | { ok: false; message: string; fieldErrors?: FieldErrors; values?: Record<string, unknown> };

export const initialActionResult = null;
export type ActionState<TData = undefined> = ActionResult<TData> | null;
