// Forward auth with a credential the client brings itself (an SDK or script through the same proxy;
// issue 23 item 6), over real HTTP against `npm start`: a valid key is echoed on any path, and a
// well-formed key or person credential that /opik/auth would refuse gets 401 on every path, as with
// no credential. The sign-in and the Opik host's pages are in forward-auth.test.ts.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceAccounts } from "@/db/schema";
import { OPIK_UI, forwardAuth } from "../support/access-http";
import { insertAccount, insertKey, seedContractFixtures, unknownKey, type Fixtures } from "../support/contract-fixtures";
import { brief, jsonOf } from "../support/contract-http";
import { freePort, startContractServer, type ContractServer } from "../support/contract-server";

/** Keys that are well-formed but refused by /opik/auth, for forward auth's own check. */
type RefusedKeys = { disabled: string; expired: string; ofDisabledAccount: string };
let server: ContractServer<Fixtures & { refused: RefusedKeys }>;
let f: Fixtures & { refused: RefusedKeys };

beforeAll(async () => {
  const port = await freePort();
  server = await startContractServer(
    async (db) => {
      const fixtures = await seedContractFixtures(db);
      const account = fixtures.accounts.open.id;
      const disabledAccount = await insertAccount(db, "svc-disabled", fixtures.ws.teamA.id, []);
      await db.update(serviceAccounts).set({ disabledAt: new Date() }).where(eq(serviceAccounts.id, disabledAccount.id));
      const refused: RefusedKeys = {
        disabled: (await insertKey(db, account, "disabled", { disabledAt: new Date() })).key,
        expired: (await insertKey(db, account, "expired", { expiresAt: new Date(Date.now() - 60_000) })).key,
        ofDisabledAccount: (await insertKey(db, disabledAccount.id, "main")).key,
      };
      return { ...fixtures, refused };
    },
    { port, env: { OPIK_UI_URL: OPIK_UI, AUTH_URL: `http://127.0.0.1:${port}` } },
  );
  f = server.fixtures;
});
afterAll(async () => {
  await server?.dispose();
});

const page = { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate" };
const xhr = { accept: "application/json, text/plain, */*", "sec-fetch-mode": "cors" };

describe("credentials a client brings itself", () => {
  it("a service-account key in Authorization → 200 echoing it unchanged (SDKs through the same proxy)", async () => {
    const res = await forwardAuth(server.baseUrl, { ...xhr, authorization: f.keys.restricted, "x-forwarded-uri": "/api/v1/private/traces" });
    expect(res.status, brief(res)).toBe(200);
    expect(res.header("authorization")).toBe(f.keys.restricted);
    // Any path: Opik's frontend bundle too, and again (answered from the check cache).
    for (const uri of ["/static/js/main.js", "/default/projects", "/api/v1/private/traces"]) {
      const again = await forwardAuth(server.baseUrl, { accept: "*/*", authorization: f.keys.open, "x-forwarded-uri": uri });
      expect(again.status, `${uri}: ${brief(again)}`).toBe(200);
      expect(again.header("authorization")).toBe(f.keys.open);
    }
  });

  it.each([
    ["a well-formed unknown key", () => unknownKey(), /invalid or has been revoked/],
    ["a deleted key", () => f.keys.deleted, /invalid or has been revoked/],
    ["a disabled key", () => f.refused.disabled, /is disabled/],
    ["an expired key", () => f.refused.expired, /expired on/],
    ["a key of a disabled service account", () => f.refused.ofDisabledAccount, /is disabled/],
    ["a well-formed but unknown person credential", () => `sapc_${"A".repeat(43)}`, /has ended/],
  ])("%s in Authorization → 401 on every path, as with no credential; nothing echoed", async (_name, key, message) => {
    const value = key();
    for (const [uri, headers] of [["/static/js/main.js", { accept: "*/*" }], ["/default/projects", page], ["/api/v1/private/traces", xhr]] as const) {
      for (const method of ["GET", "POST"]) {
        const res = await forwardAuth(server.baseUrl, { ...headers, authorization: value, "x-forwarded-method": method, "x-forwarded-uri": uri }, method);
        expect(res.status, `${method} ${uri}: ${brief(res)}`).toBe(401);
        expect(jsonOf(res)).toMatchObject({ code: 401, msg: expect.stringMatching(message) });
        expect(res.header("authorization")).toBeUndefined();
        expect(res.text).not.toContain(value);
      }
    }
  });
});
