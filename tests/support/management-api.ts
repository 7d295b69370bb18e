import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { managementTokens } from "@/db/schema-api";
import { generateManagementToken, hashManagementToken, tokenHint } from "@/lib/api/token-format";
import { send, type Reply } from "./contract-http";

export type Tokens = Record<"read" | "write" | "expired" | "revoked", string>;

/** Tokens as Create token stores them (hash and hint), made by an admin of the fixtures. */
export async function seedTokens(db: Db): Promise<Tokens> {
  const [admin] = await db.insert(administrators).values({ email: "token-maker@example.test", name: "Token Maker", role: "admin", passwordHash: null }).returning();
  const make = async (access: "read" | "write", fields: { expiresAt?: Date; revokedAt?: Date } = {}) => {
    const token = generateManagementToken();
    await db.insert(managementTokens).values({ name: `ci-${access}`, access, hash: hashManagementToken(token), hint: tokenHint(token), createdBy: admin!.id, createdByEmail: admin!.email, ...fields });
    return token;
  };
  return {
    read: await make("read"),
    write: await make("write"),
    expired: await make("write", { expiresAt: new Date(Date.now() - 60_000) }),
    revoked: await make("write", { revokedAt: new Date() }),
  };
}

/** A call of the management API with a bearer token (or none), a JSON body when given. */
export function api(baseUrl: string, method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return send(baseUrl, path, { method, headers, body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body) });
}

/** RFC 9457: application/problem+json with title, status (= the HTTP status) and detail. */
export function problemOf(res: Reply): { title: string; status: number; detail: string; errors?: Record<string, string[]> } {
  if (!/^application\/problem\+json/.test(res.header("content-type") ?? "")) throw new Error(`not a problem: ${res.status} ${res.header("content-type")} ${res.text.slice(0, 200)}`);
  const body = JSON.parse(res.text) as { title: string; status: number; detail: string; errors?: Record<string, string[]> };
  if (body.status !== res.status) throw new Error(`problem status ${body.status} ≠ ${res.status}`);
  return body;
}
