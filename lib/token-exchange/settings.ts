/**
 * The audience a trusted pipeline gets when none is entered: this service's public URL (AUTH_URL,
 * docs/configuration.md), without a trailing slash. Null when AUTH_URL is not set.
 */
export function defaultAudience(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.AUTH_URL?.trim();
  return raw ? raw.replace(/\/+$/, "") : null;
}
