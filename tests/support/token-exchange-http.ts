import { expect } from "vitest";
import { send, type Reply } from "./contract-http";
import { api } from "./management-api";

export const GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

/** POST /api/v1/token-exchange as RFC 8693 has it (a form), or as JSON. */
export function exchange(baseUrl: string, token: string, as: "form" | "json" = "form", extra: Record<string, string> = {}): Promise<Reply> {
  const fields = { grant_type: GRANT, subject_token: token, subject_token_type: JWT_TYPE, ...extra };
  return as === "form"
    ? send(baseUrl, "/api/v1/token-exchange", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() })
    : send(baseUrl, "/api/v1/token-exchange", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fields) });
}

/** An OAuth error body (RFC 6749 §5.2) with this status and error; the description matched, the token never echoed. */
export function expectOAuthError(res: Reply, status: number, error: string, description: RegExp, token?: string): void {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.header("content-type")).toMatch(/^application\/json/);
  expect(res.header("cache-control")).toBe("no-store");
  const body = JSON.parse(res.text) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  expect(body.error_description).toMatch(description);
  if (token) expect(res.text).not.toContain(token);
}

/** The newest audit events of an action whose details name `issuer`, through the management API. */
export async function exchangeEvents(baseUrl: string, token: string, action: "api_key.exchange" | "api_key.exchange_refused", issuer: string) {
  const res = await api(baseUrl, "GET", `/api/v1/audit-events?action=${action}&limit=200`, { token });
  expect(res.status, res.text.slice(0, 200)).toBe(200);
  const items = (JSON.parse(res.text) as { items: { details: Record<string, unknown> | null; targetId: string | null }[] }).items;
  return items.filter((e) => e.details?.issuer === issuer);
}

/** Adds a trusted pipeline through the management API; returns its id. */
export async function addTrustPolicy(baseUrl: string, token: string, accountId: string, body: Record<string, unknown>): Promise<string> {
  const res = await api(baseUrl, "POST", `/api/v1/service-accounts/${accountId}/trust-policies`, { token, body });
  expect(res.status, res.text.slice(0, 300)).toBe(201);
  return (JSON.parse(res.text) as { id: string }).id;
}
