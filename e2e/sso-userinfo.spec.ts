// Issue 23 items 7 and 2, in Chromium against the real `oidc-provider` in OpenID Connect's default,
// spec-conformant setting (tests/support/oidc-provider.ts, claimsIn "userinfo"): the ID token
// carries `sub` only, and the email, its verification, the name and the groups come from the
// UserInfo endpoint. e2e/sso.spec.ts and e2e/sso-groups.spec.ts run the rest against a provider
// that puts them in the ID token. Here: a new person gets their email, name and mapped role from
// UserInfo; a person added by hand is linked by their verified email from UserInfo; once linked
// while group mappings exist, their password is refused on /login with "Sign in with …", while the
// break-glass administrator's password still works.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { administrators } from "@/db/schema";
import { ssoGroupMappings } from "@/db/schema-sso";
import { hashPassword } from "@/lib/auth/password";
import { signInAtProvider } from "./support/sso";
import { freePort, startContractServer, type ContractServer } from "../tests/support/contract-server";
import { OIDC_CLIENT, startOidcProvider, type RunningProvider } from "../tests/support/oidc-provider";

const ADMIN = { email: "break-glass@example.test", password: "a long break-glass password" };
const BOB = { email: "bob@example.test", password: "bob's own long password" };
let app: ContractServer<void>;
let idp: RunningProvider;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`; // localhost: see e2e/sso.spec.ts
  idp = await startOidcProvider({ port: 0, redirectUris: [`${baseUrl}/api/auth/callback/oidc`], claimsIn: "userinfo" });
  app = await startContractServer(
    async (db) => {
      await db.insert(administrators).values([
        { email: ADMIN.email, name: "Break Glass", role: "admin", passwordHash: await hashPassword(ADMIN.password), createdAt: new Date(Date.now() - 60_000) },
        // Added by hand with a password; the provider links him at his first single sign-on.
        { email: BOB.email, name: "Bob (added by hand)", role: "member", passwordHash: await hashPassword(BOB.password) },
      ]);
      await db.insert(ssoGroupMappings).values([
        { groupName: "platform-admins", role: "admin" },
        { groupName: "ml-team", role: "member" },
      ]);
    },
    {
      port,
      env: {
        AUTH_URL: baseUrl,
        AUTH_SECRET: "sso-userinfo-e2e-secret-0123456789abcdefghij",
        OPIK_UI_URL: "http://127.0.0.1:9/",
        AUTH_OIDC_ISSUER: idp.issuer,
        AUTH_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        AUTH_OIDC_NAME: "Test IdP",
        AUTH_OIDC_NEW_PEOPLE: "viewer",
      },
    },
  );
});
test.afterAll(async () => {
  if (process.env.SSO_DEBUG) console.log(app?.output().slice(-4000));
  await app?.dispose();
  await idp?.stop();
});

const appOrigin = () => app.baseUrl.replace("127.0.0.1", "localhost");
const newPage = async (browser: Browser): Promise<Page> => (await browser.newContext({ baseURL: appOrigin() })).newPage();
const landed = (page: Page, path: string) => page.waitForURL((url) => url.origin === appOrigin() && url.pathname.startsWith(path));

async function signInWithPassword(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a new person signs in and gets their email, name and groups from UserInfo", async ({ browser }) => {
  const page = await newPage(browser);
  await signInAtProvider(page, idp.issuer, "alice");
  // platform-admins maps to admin, above AUTH_OIDC_NEW_PEOPLE's viewer: the groups came through.
  await landed(page, "/admin");
  const me = page.getByTestId("signed-in-user");
  await expect(me).toContainText("Alice Admin");
  await expect(me).toContainText("alice@example.test");
  await expect(me).toContainText("admin");
  await page.context().close();
});

test("a person added by hand is linked by the verified email from UserInfo; their password is then refused, the break-glass admin's is not", async ({ browser }) => {
  const sso = await newPage(browser);
  await signInAtProvider(sso, idp.issuer, "bob");
  await landed(sso, "/me");
  await expect(sso.getByText(BOB.email)).toBeVisible();
  await sso.context().close();

  const page = await newPage(browser);
  await signInWithPassword(page, BOB);
  await expect(page.getByTestId("form-error")).toContainText("Sign in with Test IdP: your access follows your groups");
  await expect(page).toHaveURL(/\/login/);

  await signInWithPassword(page, ADMIN);
  await landed(page, "/admin");
  await page.goto("/admin/people");
  const rowOf = (email: string) => page.getByRole("table", { name: "People" }).getByRole("row").filter({ hasText: email });
  await expect(rowOf(BOB.email).getByRole("cell").nth(5)).toHaveText("Single sign-on only");
  await expect(rowOf("alice@example.test").getByRole("cell").nth(5)).toHaveText("Single sign-on only");
  await expect(rowOf(ADMIN.email).getByRole("cell").nth(5)).toHaveText("Password");
  await page.context().close();
});
