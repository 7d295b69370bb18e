import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";

/**
 * The signing keys of the identity providers that trusted pipelines name (docs/keyless-ci.md
 * "Verification"): the issuer's discovery document (`<issuer>/.well-known/openid-configuration`)
 * names its JWKS, which jose fetches, caches and refetches when a token names a `kid` it does not
 * hold (a key rotation). Only issuers some trust policy names are ever fetched: the issuer of an
 * unknown token is refused before any request leaves this service. Every fetch is bounded in time
 * and size, so a slow or huge answer costs at most FETCH_TIMEOUT_MS and MAX_DOCUMENT_BYTES.
 */
export const FETCH_TIMEOUT_MS = 5000;
export const MAX_DOCUMENT_BYTES = 100 * 1024;
/** How long a discovery document (and so the JWKS it names) is used before it is fetched again. */
const DISCOVERY_MAX_AGE_MS = 10 * 60 * 1000;
/** A token with an unknown `kid` refetches the JWKS at most this often per issuer. */
export const JWKS_COOLDOWN_MS = 5000;

/** The issuer could not be asked, or answered something unusable: a 503, never the client's fault. */
export class IssuerUnavailable extends Error {}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https, or http on loopback (the same rule as a trust policy's issuer). */
function allowedUrl(raw: unknown): URL | null {
  if (typeof raw !== "string") return null;
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.test(url.hostname)) ? url : null;
  } catch {
    return null;
  }
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** GET with a deadline and a size limit; the body is read here, so neither can be exceeded later. */
async function boundedFetch(url: string, init: RequestInit = {}, what: string): Promise<Response> {
  const signal = init.signal ?? AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal, redirect: "manual" });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `did not answer within ${seconds(FETCH_TIMEOUT_MS)}` : "could not be reached";
    throw new IssuerUnavailable(`The issuer's ${what} (${url.slice(0, 200)}) ${reason}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new IssuerUnavailable(`The issuer's ${what} (${url.slice(0, 200)}) answered HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_DOCUMENT_BYTES) {
        await reader.cancel().catch(() => {});
        throw new IssuerUnavailable(`The issuer's ${what} (${url.slice(0, 200)}) is larger than ${MAX_DOCUMENT_BYTES / 1024} KB`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof IssuerUnavailable) throw error;
    throw new IssuerUnavailable(`The issuer's ${what} (${url.slice(0, 200)}) did not arrive in full within ${seconds(FETCH_TIMEOUT_MS)}`);
  }
  return new Response(Buffer.concat(chunks), { status: 200, headers: response.headers });
}

async function discover(issuer: string): Promise<URL> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const response = await boundedFetch(url, {}, "discovery document");
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw new IssuerUnavailable(`The issuer's discovery document (${url.slice(0, 200)}) is not JSON`);
  }
  const fields = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
  if (fields.issuer !== issuer) throw new IssuerUnavailable(`The issuer's discovery document names another issuer (${String(fields.issuer).slice(0, 200)})`);
  const jwks = allowedUrl(fields.jwks_uri);
  if (!jwks) throw new IssuerUnavailable("The issuer's discovery document has no https jwks_uri");
  return jwks;
}

type Entry = { keys: JWTVerifyGetKey; until: number };
const store = globalThis as typeof globalThis & { __serviceAccountsIssuerKeys?: LRUCache<string, Entry> };
// Bounded: issuers come from trust policies, which administrators write; a few hundred is plenty.
const cache = (store.__serviceAccountsIssuerKeys ??= new LRUCache<string, Entry>({ max: 500 }));

/** The key resolver of `issuer` for jose's jwtVerify; discovery (bounded) on first use and every 10 minutes. */
export async function issuerKeys(issuer: string, nowMs = Date.now()): Promise<JWTVerifyGetKey> {
  const cached = cache.get(issuer);
  if (cached && cached.until > nowMs) return cached.keys;
  const jwksUri = await discover(issuer);
  const keys = createRemoteJWKSet(jwksUri, {
    timeoutDuration: FETCH_TIMEOUT_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: DISCOVERY_MAX_AGE_MS,
    [customFetch]: (url: string, init: RequestInit) => boundedFetch(url, init, "JWKS"),
  });
  cache.set(issuer, { keys, until: nowMs + DISCOVERY_MAX_AGE_MS });
  return keys;
}

/** Tests only: forget every issuer. */
export function forgetIssuers(): void {
  cache.clear();
}
