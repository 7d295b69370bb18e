// Issue 16: single sign-on on the Opik host, through the shipped nginx configuration with the real
// nginx, a real OpenID provider (tests/support/oidc-provider.ts) and the stand-in Opik of
// e2e/opik-web-ui.spec.ts. Opening Opik without a session leads to this service's sign-in; Sign in
// with the provider → back on the Opik page asked for, in the workspace the person's group maps
// to (not the one set by hand before). With SSO, AUTH_URL is on localhost, so the Opik host is
// 127.0.0.1 here (the hosts of e2e/opik-web-ui.spec.ts swapped).
import { expect, test } from "@playwright/test";
import { ssoGroupMappings, ssoGroupMappingWorkspaces } from "@/db/schema-sso";
import { startDeployment, type Deployment } from "../tests/support/opik-deployment";
import { OIDC_CLIENT, startOidcProvider, type RunningProvider } from "../tests/support/oidc-provider";
import { freePort, missingBinaries } from "../tests/support/proxies";
import { apiResult, expectOnSignIn, newBrowser } from "./support/opik";
import { NO_SESSION } from "./support/sessions";
import { loginAtProvider } from "./support/sso";

test.use({ storageState: NO_SESSION });
test.describe.configure({ mode: "serial" });
const missing = missingBinaries("nginx");
test.skip(missing !== null, `nginx: ${missing}`);

let d: Deployment;
let idp: RunningProvider;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const [proxyPort, servicePort] = [await freePort(), await freePort()];
  idp = await startOidcProvider({ port: 0, redirectUris: [`http://localhost:${servicePort}/api/auth/callback/oidc`] });
  // Bob is a member with team-b set by hand; his group at the provider maps to team-c.
  await fetch(`${idp.issuer}/_test/users/bob`, { method: "POST", body: JSON.stringify({ ...idp.users.bob, groups: ["team-c-people"] }) });
  d = await startDeployment("nginx", {
    proxyPort,
    servicePort,
    swapHosts: true,
    env: {
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_CLIENT_ID: OIDC_CLIENT.id,
      AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      AUTH_OIDC_NAME: "Test IdP",
    },
    seed: async (db, fixtures) => {
      const [mapping] = await db.insert(ssoGroupMappings).values({ groupName: "team-c-people", role: "member", defaultWorkspaceId: fixtures.ws.teamC.id }).returning();
      await db.insert(ssoGroupMappingWorkspaces).values({ mappingId: mapping!.id, workspaceId: fixtures.ws.teamC.id });
    },
  });
});
test.afterAll(async () => {
  await d?.stop();
  await idp?.stop();
});

test("an SSO sign-in on the Opik host lands the person on the page asked for, in the workspace their group maps to", async ({ browser }) => {
  const { context, page } = await newBrowser(browser);
  await page.goto(`${d.opikUrl}/default/projects?tab=traces`);
  await expectOnSignIn(page, d);
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await loginAtProvider(page, idp.issuer, "bob");
  await expect(page).toHaveURL(`${d.opikUrl}/default/projects?tab=traces`);
  const { status, answer } = await apiResult(page);
  expect(status).toBe(200);
  expect(answer).toMatchObject({ user: "bob@example.test", workspaceName: "team-c", workspaceId: d.fixtures.ws.teamC.id });
  // team-b, set by hand before, is no longer his: the mapping gives team-c only.
  const teamB = await page.evaluate(async () => {
    const response = await fetch("/api/v1/private/projects", { headers: { "Comet-Workspace": "team-b" } });
    return { status: response.status, body: await response.text() };
  });
  expect(teamB).toEqual({ status: 401, body: JSON.stringify({ code: 401, message: 'bob@example.test is not authorized for workspace "team-b"' }) });
  await context.close();
});
