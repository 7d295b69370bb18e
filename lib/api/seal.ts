import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";

/**
 * Sealing stored answers (lib/api/idempotency.ts): AES-256-GCM from node:crypto with a key derived
 * from AUTH_SECRET by HKDF-SHA256. `iv.tag.ciphertext`, base64url. A database copy alone reveals nothing.
 */
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveAuthSecret(), "service-accounts-admin", "idempotency-answers", 32));
}

export function seal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

/** Null when it was sealed under another secret (AUTH_SECRET changed) or altered. */
export function unseal(sealed: string): string | null {
  try {
    const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv("aes-256-gcm", key(), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
