import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import { IssuerUnavailable, issuerKeys } from "./issuer-keys";

/**
 * Checks an identity token (docs/keyless-ci.md "Verification") with jose: the signature with the
 * issuer's published keys and an asymmetric algorithm from ALGORITHMS (never `none`, never HMAC:
 * an HS256 token "signed" with the issuer's public key is refused before any key is looked at),
 * `iss` exactly, `aud` holding one of `audiences`, `exp`/`nbf`/`iat` with CLOCK_SKEW_S of leeway
 * and `iat` at most MAX_TOKEN_AGE_S ago, whatever `exp` says.
 */
export const MAX_TOKEN_BYTES = 16 * 1024;
export const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];
export const CLOCK_SKEW_S = 60;
export const MAX_TOKEN_AGE_S = 60 * 60;

export type Refusal = { ok: false; status: 400 | 401 | 503; error: "invalid_request" | "invalid_grant" | "temporarily_unavailable"; description: string };
export type Unverified = { ok: true; issuer: string; subject: string | null };

const grant = (description: string): Refusal => ({ ok: false, status: 401, error: "invalid_grant", description });

/**
 * What can be read of a token before anything is fetched: its size, shape, algorithm and issuer.
 * A refusal carries the issuer when the token named one (for the audit record and the rate limit).
 */
export function inspectToken(token: string): Unverified | (Refusal & { issuer: string | null }) {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) return { ok: false, status: 400, error: "invalid_request", description: `The subject_token is larger than ${MAX_TOKEN_BYTES / 1024} KB`, issuer: null };
  let alg: unknown;
  let payload: JWTPayload;
  try {
    alg = decodeProtectedHeader(token).alg;
    payload = decodeJwt(token);
  } catch {
    return { ok: false, status: 400, error: "invalid_request", description: "The subject_token is not a JWT (three base64url parts: header.payload.signature)", issuer: null };
  }
  const issuer = typeof payload.iss === "string" && payload.iss !== "" ? payload.iss.slice(0, 500) : null;
  if (typeof alg !== "string" || !ALGORITHMS.includes(alg)) {
    return { ...grant(`The token's algorithm (alg ${JSON.stringify(String(alg).slice(0, 20))}) is not accepted: only ${ALGORITHMS.join(", ")}`), issuer };
  }
  if (!issuer) return { ...grant("The token has no issuer (iss)"), issuer: null };
  return { ok: true, issuer: payload.iss as string, subject: typeof payload.sub === "string" ? payload.sub.slice(0, 500) : null };
}

/** The verified claims, or why not (a 503 when the issuer's keys could not be had). */
export async function verifyToken(token: string, issuer: string, audiences: string[], nowMs: number): Promise<{ ok: true; claims: JWTPayload } | Refusal> {
  try {
    const keys = await issuerKeys(issuer);
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: audiences,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_SKEW_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      currentDate: new Date(nowMs),
      requiredClaims: ["sub", "exp", "iat"],
    });
    return { ok: true, claims: payload };
  } catch (error) {
    return refusalOf(error);
  }
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof IssuerUnavailable) return { ok: false, status: 503, error: "temporarily_unavailable", description: `${error.message}: try again shortly` };
  if (error instanceof errors.JWKSTimeout) return { ok: false, status: 503, error: "temporarily_unavailable", description: "The issuer's JWKS did not answer in time: try again shortly" };
  if (error instanceof errors.JWKSInvalid) return { ok: false, status: 503, error: "temporarily_unavailable", description: "The issuer's JWKS is not a valid key set: try again shortly" };
  if (error instanceof errors.JWKSNoMatchingKey) return grant("The token's signing key (kid) is not among the issuer's published keys");
  if (error instanceof errors.JWKSMultipleMatchingKeys) return grant("The token names no kid and the issuer publishes several keys");
  if (error instanceof errors.JWSSignatureVerificationFailed) return grant("The token's signature does not verify with the issuer's key");
  if (error instanceof errors.JOSEAlgNotAllowed) return grant(`The token's algorithm is not accepted: only ${ALGORITHMS.join(", ")}`);
  if (error instanceof errors.JWTExpired) {
    return grant(error.claim === "iat" ? `The token was issued more than ${MAX_TOKEN_AGE_S / 60} minutes ago (iat): request a fresh one` : "The token has expired (exp)");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      iss: "The token's issuer (iss) does not match",
      aud: "The token's audience (aud) is not the audience of any trusted pipeline of this issuer: request the token with the audience shown for the trusted pipeline",
      nbf: "The token is not valid yet (nbf)",
      iat: "The token's issue time (iat) is in the future",
    };
    return grant(what[error.claim] ?? (error.reason === "missing" ? `The token has no ${error.claim} claim` : `The token's ${error.claim} claim is not valid`));
  }
  // A JOSEError fetching the JWKS (its HTTP status, its JSON) is the issuer's, not the caller's.
  if (error instanceof errors.JOSEError && /JSON Web Key Set/i.test(error.message)) return { ok: false, status: 503, error: "temporarily_unavailable", description: "The issuer's JWKS could not be read: try again shortly" };
  if (error instanceof errors.JOSEError) return grant("The token is not valid");
  throw error;
}
