// Issue 16, single sign-on, in Chromium against a real OpenID provider (tests/support/oidc-provider.ts:
// the `oidc-provider` package with its own login page) and this service started as users start it,
// with AUTH_OIDC_* set. Sign in with the provider → back in the dashboard as that person; an existing
// member is linked by their verified email and lands on their Opik page; an unverified email is
// refused with a clear message; a tampered callback is refused; with the provider down /login says
// SSO is unavailable and password sign-in still works, and the same when it answers garbage.
import { createServer } from "node:http";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { administrators } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { signInAtProvider } from "./support/sso";
import { freePort, startContractServer, type ContractServer } from "../tests/support/contract-server";
import { OIDC_CLIENT, startOidcProvider, type RunningProvider } from "../tests/support/oidc-provider";

const ADMIN = { email: "break-glass@example.test", password: "a long break-glass password" };
let app: ContractServer<void>;
let idp: RunningProvider;

test.beforeAll(async () => {
  const port = await freePort();
  // localhost, not 127.0.0.1: Next.js reports a loopback address as localhost to Auth.js, so the
  // callback's redirect URI is built with localhost (README "Single sign-on").
  const baseUrl = `http://localhost:${port}`;
  idp = await startOidcProvider({ port: 0, redirectUris: [`${baseUrl}/api/auth/callback/oidc`] });
  app = await startContractServer(
    async (db) => {
      await db.insert(administrators).values([
        { email: ADMIN.email, name: "Break Glass", role: "admin", passwordHash: await hashPassword(ADMIN.password) },
        // Bob is already a member here (added on the People page): his first SSO sign-in links him.
        { email: "bob@example.test", name: "Bob (added by hand)", role: "member", passwordHash: null },
      ]);
    },
    {
      port,
      env: {
        AUTH_URL: baseUrl,
        AUTH_SECRET: "sso-e2e-secret-0123456789abcdefghijklmnop",
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

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: appOrigin() });
  return context.newPage();
}

test("a new person signs in with the provider and lands in the dashboard with the configured role", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInAtProvider(page, idp.issuer, "alice");
  await page.waitForURL((url) => url.origin === appOrigin() && url.pathname.startsWith("/admin"));
  await expect(page.getByRole("note", { name: "Read-only access" })).toBeVisible();
  await expect(page.getByText("alice@example.test")).toBeVisible();
  await page.context().close();
});

test("an existing member is linked by their verified email and lands on their Opik page; the People page says how each signs in", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInAtProvider(page, idp.issuer, "bob");
  await page.waitForURL(`${appOrigin()}/me`);
  await expect(page.getByText("bob@example.test")).toBeVisible();
  await page.context().close();

  const admin = await freshPage(browser);
  await admin.goto("/login");
  await admin.getByLabel("Email").fill(ADMIN.email);
  await admin.getByLabel("Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Sign in", exact: true }).click();
  await admin.waitForURL((url) => url.pathname.startsWith("/admin"));
  await admin.goto("/admin/people");
  const rowOf = (email: string) => admin.getByRole("table", { name: "People" }).getByRole("row").filter({ hasText: email });
  await expect(rowOf("bob@example.test").getByRole("cell").nth(5)).toHaveText("Single sign-on only");
  await expect(rowOf(ADMIN.email).getByRole("cell").nth(5)).toHaveText("Password");
  await admin.context().close();
});

test("an unverified email is refused on /login with its reason", async ({ browser }) => {
  const page = await freshPage(browser);
  await signInAtProvider(page, idp.issuer, "mallory");
  await page.waitForURL((url) => url.origin === appOrigin() && url.pathname === "/login");
  await expect(page.getByTestId("sign-in-error")).toContainText("has not verified your email address");
  await page.context().close();
});

test("a forged callback (state and code made up) is refused on /login, never a 5xx", async ({ browser }) => {
  const page = await freshPage(browser);
  const response = await page.goto("/api/auth/callback/oidc?code=made-up&state=tampered");
  expect(response?.status() ?? 0).toBeLessThan(500);
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(page.getByTestId("sign-in-error")).toContainText("Single sign-on did not complete");
  await page.context().close();
});

test("with the provider down, /login says single sign-on is unavailable, and the password still works", async ({ browser }) => {
  await idp.stop();
  const page = await freshPage(browser);
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await expect(page.getByTestId("sign-in-error")).toContainText("Single sign-on is unavailable");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/admin"));
  await page.context().close();
});

test("an issuer that answers garbage (not JSON, or another issuer's document) gives the same unavailable message, never a 5xx", async ({ browser }) => {
  // The provider stopped by the test before: something else answers on its address now.
  const { port } = new URL(idp.issuer);
  let answer = { type: "text/html", body: "<html>maintenance</html>" };
  const garbage = createServer((_req, res) => res.writeHead(200, { "content-type": answer.type }).end(answer.body));
  await new Promise<void>((resolve) => garbage.listen(Number(port), "127.0.0.1", resolve));
  try {
    const page = await freshPage(browser);
    for (const next of [answer, { type: "application/json", body: JSON.stringify({ issuer: "https://somebody-else.example", authorization_endpoint: "https://somebody-else.example/auth" }) }]) {
      answer = next;
      await page.goto("/login");
      await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
      await expect(page.getByTestId("sign-in-error")).toContainText("Single sign-on is unavailable");
    }
    await page.context().close();
  } finally {
    await new Promise((resolve) => garbage.close(resolve));
  }
});
