/**
 * A one-line description of an unexpected error for the server log. Drizzle wraps driver errors as
 * "Failed query: <sql> params: <values>", and the values can include key hashes: log the driver's
 * own message (the cause) instead, never the parameters.
 */
export function describeError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (!cause) break;
    current = cause;
  }
  const message = current instanceof Error ? current.message : String(current);
  const code = (current as { code?: unknown } | null)?.code;
  return `${typeof code === "string" ? `${code} ` : ""}${message.replace(/\s+params:[\s\S]*$/, "")}`.slice(0, 500);
}
