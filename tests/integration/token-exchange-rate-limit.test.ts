// Refused token exchanges are limited per client address and issuer (issue 29, docs/keyless-ci.md):
// the HTTP handler on a node:http server of its own, with AUTH_RATE_LIMIT_* small.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerTokenExchange } from "@/lib/api/token-exchange";
import { send } from "@/lib/http/reply";
import { httpRequest } from "@/lib/http/router";
import { startTestIssuer, type TestIssuer } from "../support/test-issuer";

let server: Server;
let base = "";
let idp: TestIssuer;
let other: TestIssuer;

beforeAll(async () => {
  // Read when the handler first needs its limiter (this file's first request).
  process.env.AUTH_RATE_LIMIT_FAILURES = "2";
  process.env.AUTH_RATE_LIMIT_WINDOW_S = "60";
  process.env.AUTH_RATE_LIMIT_BLOCK_S = "60";
  [idp, other] = [await startTestIssuer(), await startTestIssuer()];
  server = createServer((req, res) => {
    const r = httpRequest(req, () => String(req.headers["x-test-client"] ?? "198.51.100.1"));
    void answerTokenExchange(r).then((reply) => send(res, reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  delete process.env.AUTH_RATE_LIMIT_FAILURES;
  delete process.env.AUTH_RATE_LIMIT_WINDOW_S;
  delete process.env.AUTH_RATE_LIMIT_BLOCK_S;
  await new Promise((resolve) => server?.close(resolve));
  await idp?.stop();
  await other?.stop();
});

async function post(token: string, client = "198.51.100.1") {
  const body = new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: token, subject_token_type: "urn:ietf:params:oauth:token-type:jwt" });
  const res = await fetch(`${base}/api/v1/token-exchange`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-test-client": client }, body });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as { error: string; error_description: string } };
}

describe("rate limit of refused exchanges", () => {
  it("blocks a client for one issuer after the allowed refusals; other issuers and clients go on", async () => {
    const untrusted = (issuer: TestIssuer) => issuer.sign({ aud: "x", sub: "repo:a/b:ref:main" });
    expect((await post(await untrusted(idp))).status).toBe(401);
    expect((await post(await untrusted(idp))).status).toBe(401);
    const limited = await post(await untrusted(idp));
    expect(limited).toMatchObject({ status: 429, body: { error: "invalid_request", error_description: expect.stringMatching(/Too many refused exchanges/) } });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect((await post(await untrusted(other))).status).toBe(401);
    expect((await post(await untrusted(idp), "198.51.100.2")).status).toBe(401);
  });
});
