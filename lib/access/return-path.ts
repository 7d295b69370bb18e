/**
 * Where /login may send the browser after signing in (`?next=`): a path of this service only.
 * Anything that could leave the host (`//evil`, `/\evil`, `https://…`, control characters,
 * encoded variants that a browser would normalise into those) is dropped, and the caller uses its
 * own default. Used by the Opik-host sign-in (/access/sign-in sends people to /login?next=…).
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 4000) return null;
  // Control characters and backslashes are never part of a path we issue; browsers treat "\" as "/".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  const base = "http://return-path.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  return `${url.pathname}${url.search}`;
}
