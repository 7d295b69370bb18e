import { parseBaseUrl } from "@/lib/access/settings";

/**
 * OPIK_URL: the Opik API URL that SDKs use (their `OPIK_URL_OVERRIDE`, e.g.
 * `https://opik.example.com/api`), shown in the key reveal's snippet. Unset: the snippet shows a
 * placeholder. Read once and checked at start-up (server.ts), so a typo stops the process.
 */
export function readOpikApiUrl(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.OPIK_URL?.trim();
  if (!raw) return null;
  const url = parseBaseUrl("OPIK_URL", raw);
  // As typed, less a trailing slash: both SDKs accept either, and it is what the operator will recognise.
  return url.href.replace(/\/+$/, "");
}

let cached: { url: string | null } | undefined;

/** This process's OPIK_URL (read once). Throws on a bad value: server.ts calls it at start-up. */
export function opikApiUrl(): string | null {
  cached ??= { url: readOpikApiUrl() };
  return cached.url;
}
