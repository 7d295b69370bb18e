// Issue 23 item 6 through the shipped proxy configurations, with the real nginx and Caddy in front
// of a stand-in Opik and this service's production build (tests/support/opik-deployment.ts): a
// client's own key is verified by forward auth before the proxy passes anything on, so a
// well-formed unknown key, a disabled key and an expired key get neither Opik's frontend (its
// bundle) nor its API, while a valid key gets both. tests/contract/forward-auth.test.ts has the
// check's own answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";
import { startDeployment, type Deployment } from "../support/opik-deployment";
import { missingBinaries, PROXY_KINDS, rawRequest } from "../support/proxies";

const SCRIPT = { Accept: "*/*" };
const NAVIGATION = { Accept: "text/html,application/xhtml+xml", "Sec-Fetch-Mode": "navigate" };
const API = { Accept: "application/json", "Comet-Workspace": "team-a" };

for (const kind of PROXY_KINDS) {
  const missing = missingBinaries(kind);
  describe.skipIf(missing)(`forward auth behind ${kind}${missing ? ` (skipped: ${missing})` : ""}`, () => {
    let d: Deployment;
    const refused: Record<"unknown" | "disabled" | "expired", string> = { unknown: generateApiKey(), disabled: "", expired: "" };

    beforeAll(async () => {
      d = await startDeployment(kind, {
        seed: async (db) => {
          const [account] = await db.query.serviceAccounts.findMany({ columns: { id: true }, limit: 1 });
          const insert = async (name: string, values: Partial<typeof apiKeys.$inferInsert>) => {
            const key = generateApiKey();
            await db.insert(apiKeys).values({ serviceAccountId: account!.id, name, hash: hashApiKey(key), hint: keyHint(key), ...values });
            return key;
          };
          refused.disabled = await insert("disabled", { disabledAt: new Date() });
          refused.expired = await insert("expired", { expiresAt: new Date(Date.now() - 60_000) });
        },
      });
    }, 180_000);
    afterAll(async () => {
      await d?.stop();
    });

    /** A request through the proxy; what reached Opik's frontend (pages, the bundle, API calls) meanwhile. */
    async function through(path: string, headers: Record<string, string>) {
      const before = d.opik.frontendRequests.length;
      const { response, body } = await rawRequest(`${d.opikUrl}${path}`, { headers });
      return { status: response.status, body, reached: d.opik.frontendRequests.slice(before) };
    }

    it("a valid key gets Opik's frontend bundle and its API", async () => {
      const { key, name } = d.fixtures.serviceAccount;
      const bundle = await through("/static/app.js", { ...SCRIPT, Authorization: key });
      expect(bundle.status, bundle.body.slice(0, 200)).toBe(200);
      expect(bundle.reached).toHaveLength(1);
      const api = await through("/api/v1/private/projects", { ...API, Authorization: key });
      expect(api.status, api.body.slice(0, 200)).toBe(200);
      expect(JSON.parse(api.body)).toMatchObject({ user: name, workspaceName: "team-a" });
    });

    it.each(["unknown", "disabled", "expired"] as const)("a well-formed %s key → 401; Opik's frontend sees nothing", async (which) => {
      const key = refused[which];
      expect(key).toMatch(/^opsa_/);
      for (const [path, headers] of [["/static/app.js", SCRIPT], ["/api/v1/private/projects", API], ["/default/projects", { Accept: "*/*", "Sec-Fetch-Mode": "cors" }]] as const) {
        const res = await through(path, { ...headers, Authorization: key });
        expect(res.status, `${path}: ${res.body.slice(0, 200)}`).toBe(401);
        expect(res.reached, path).toEqual([]);
        expect(res.body).not.toContain(key);
      }
      // A page load is not served either (nginx sends it to sign-in, as without a credential).
      const page = await through("/default/projects", { ...NAVIGATION, Authorization: key });
      expect([302, 401], page.body.slice(0, 200)).toContain(page.status);
      expect(page.reached).toEqual([]);
    });
  });
}
