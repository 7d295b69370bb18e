"use client";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import type { ActionResult, ActionState } from "@/lib/validations/action-result";

type Action<TData> = (prev: ActionState<TData>, payload: FormData) => Promise<ActionResult<TData>>;
type Success<TData> = Extract<ActionResult<TData>, { ok: true }>;

/**
 * Runs a server action from a form and announces the outcome.
 * - Dispatched from onSubmit rather than <form action>, so React does not reset the fields:
 *   typed values stay put when the server refuses them.
 * - The toast is raised right after the action returns, not from an effect: a successful delete
 *   re-renders the page without the row that held this form, and an effect would never run.
 * - `inlineFormError`: the form shows the overall message itself, so no toast repeats it.
 * - The action is called with `null` for React's "previous state" argument, never the last
 *   result: a server action's arguments are posted to the server, and a result can carry a secret
 *   (Add key's new key). The state kept here drops a success's `data` too: it reaches
 *   `onSuccess` once and lives only where that callback puts it.
 * - `onChange` (on the form; change events bubble): a field's error goes away as soon as that
 *   field is edited, instead of staying up until the next submit; the next result brings back
 *   whatever is still wrong.
 */
export function useActionForm<TData>(
  action: Action<TData>,
  options: { onSuccess?: (result: Success<TData>) => void; inlineFormError?: boolean } = {},
) {
  const [state, setState] = useState<ActionState<TData>>(null);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [pending, startTransition] = useTransition();
  const optionsRef = useRef(options);
  optionsRef.current = options;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(null, data);
      const { onSuccess, inlineFormError } = optionsRef.current;
      if (result.ok) {
        if (result.message) toast.success(result.message);
        onSuccess?.(result);
      } else if (!result.fieldErrors && !inlineFormError) {
        toast.error(result.message);
      }
      setState(result.ok ? { ok: true, message: result.message } : result);
      setEdited(new Set());
    });
  }

  const allErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const fieldErrors = Object.fromEntries(Object.entries(allErrors).filter(([name]) => !edited.has(name)));
  const formError = state && !state.ok ? state.message : null;

  function onChange(event: FormEvent<HTMLFormElement>) {
    const name = (event.target as { name?: unknown }).name;
    if (typeof name === "string" && allErrors[name] && !edited.has(name)) setEdited(new Set([...edited, name]));
  }

  return { state, pending, onSubmit, onChange, fieldErrors, formError };
}
