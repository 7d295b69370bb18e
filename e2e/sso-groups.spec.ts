// Issue 16, group mappings of single sign-on, in Chromium against a real OpenID provider
// (tests/support/oidc-provider.ts) and this service started as users start it with AUTH_OIDC_*:
// an admin adds mappings on the Settings page; people sign in with the provider and get the mapped
// role and workspaces; their groups change at the provider and their access follows at the next
// sign-in; with no mapped group left they are refused and signed out everywhere. Bad input: groups
// that are not a list, 1,000 groups with odd names, a replayed callback and a code issued to
// another application.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { administrators, workspaces } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { rowMenuItem } from "./support/pages";
import { signInAtProvider } from "./support/sso";
import { freePort, startContractServer, type ContractServer } from "../tests/support/contract-server";
import { OIDC_CLIENT, OTHER_CLIENT, startOidcProvider, type RunningProvider, type TestUser } from "../tests/support/oidc-provider";

const ADMIN = { email: "break-glass@example.test", password: "a long break-glass password" };
let app: ContractServer<void>;
let idp: RunningProvider;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`; // localhost: see e2e/sso.spec.ts
  idp = await startOidcProvider({ port: 0, redirectUris: [`${baseUrl}/api/auth/callback/oidc`] });
  app = await startContractServer(
    async (db) => {
      await db.insert(workspaces).values([{ name: "ml" }, { name: "shared" }, { name: "finance" }]);
      await db.insert(administrators).values({ email: ADMIN.email, name: "Break Glass", role: "admin", passwordHash: await hashPassword(ADMIN.password) });
    },
    {
      port,
      env: {
        AUTH_URL: baseUrl,
        AUTH_SECRET: "sso-groups-e2e-secret-0123456789abcdefghijkl",
        OPIK_UI_URL: "http://127.0.0.1:9/",
        AUTH_OIDC_ISSUER: idp.issuer,
        AUTH_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        AUTH_OIDC_NAME: "Test IdP",
        AUTH_OIDC_NEW_PEOPLE: "member",
      },
    },
  );
});
test.afterAll(async () => {
  await app?.dispose();
  await idp?.stop();
});

const appOrigin = () => app.baseUrl.replace("127.0.0.1", "localhost");
const newPage = async (browser: Browser): Promise<Page> => (await browser.newContext({ baseURL: appOrigin() })).newPage();

/** Changes a user's claims at the provider (their groups, say): the next sign-in sees them. */
async function setUser(login: string, changes: Partial<TestUser>): Promise<void> {
  const user = { ...idp.users[login]!, ...changes };
  const response = await fetch(`${idp.issuer}/_test/users/${login}`, { method: "POST", body: JSON.stringify(user) });
  expect(response.status).toBe(204);
  idp.users[login] = user;
}

const landed = (page: Page, path: string) => page.waitForURL((url) => url.origin === appOrigin() && url.pathname.startsWith(path));
const refusedWith = async (page: Page, text: string) => {
  await landed(page, "/login");
  await expect(page.getByTestId("sign-in-error")).toContainText(text);
};

let admin: Page;

test("an admin adds group mappings on the Settings page (Group, Role, Workspaces), with inline errors for bad input", async ({ browser }) => {
  admin = await newPage(browser);
  await admin.goto("/login");
  await admin.getByLabel("Email").fill(ADMIN.email);
  await admin.getByLabel("Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Sign in", exact: true }).click();
  await landed(admin, "/admin");
  await admin.goto("/admin/settings");
  const section = admin.getByRole("region", { name: "Group mappings" });

  await section.getByRole("button", { name: "Add mapping" }).click();
  let dialog = admin.getByRole("dialog", { name: "Add mapping" });
  await dialog.getByRole("button", { name: "Add mapping" }).click();
  await expect(dialog.getByText("Enter the group's name exactly as the identity provider sends it")).toBeVisible();
  await dialog.getByLabel("Group").fill("ml-team");
  await dialog.getByLabel("Role").selectOption("member");
  await dialog.getByLabel("Default workspace").selectOption({ label: "ml" });
  await dialog.getByRole("checkbox", { name: "ml", exact: true }).check();
  await dialog.getByRole("checkbox", { name: "shared" }).check();
  await dialog.getByRole("button", { name: "Add mapping" }).click();
  await expect(dialog).toBeHidden();

  await section.getByRole("button", { name: "Add mapping" }).click();
  dialog = admin.getByRole("dialog", { name: "Add mapping" });
  await dialog.getByLabel("Group").fill("platform-admins");
  await dialog.getByLabel("Role").selectOption("admin");
  await dialog.getByRole("radio", { name: "All workspaces" }).check();
  await dialog.getByRole("button", { name: "Add mapping" }).click();
  await expect(dialog).toBeHidden();

  const rows = section.getByRole("table", { name: "Group mappings" }).getByRole("row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText("ml-team");
  await expect(rows.nth(1)).toContainText("member");
  await expect(rows.nth(2)).toContainText("platform-admins");
  await expect(rows.nth(2)).toContainText("All workspaces");
});

let bob: Page;

test("people sign in with the provider and get their groups' role and workspaces; the People page shows them managed and read-only", async ({ browser }) => {
  bob = await newPage(browser);
  await signInAtProvider(bob, idp.issuer, "bob");
  await landed(bob, "/me");
  const list = bob.getByRole("list", { name: "Your workspaces" });
  await expect(list.getByRole("listitem")).toHaveText([/^ml\s*default$/, "shared"]);

  const alice = await newPage(browser);
  await signInAtProvider(alice, idp.issuer, "alice");
  await landed(alice, "/admin");
  await expect(alice.getByTestId("signed-in-user")).toContainText("admin");
  // Single sign-on only: no password here, so no Change password.
  await expect(alice.getByRole("button", { name: "Change password" })).toHaveCount(0);
  await alice.context().close();

  await admin.goto("/admin/people");
  const bobRow = admin.getByRole("table", { name: "People" }).getByRole("row").filter({ hasText: "bob@example.test" });
  await expect(bobRow).toContainText("Managed by group mappings");
  await (await rowMenuItem(bobRow, "bob@example.test", "Edit person bob@example.test")).click();
  const dialog = admin.getByRole("dialog", { name: "Edit person bob@example.test" });
  await expect(dialog.getByRole("group", { name: "Set by group mappings" })).toContainText("member");
  await expect(dialog.getByLabel("Role")).toHaveCount(0);
  await dialog.getByLabel("Name").fill("Bob from SSO");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(bobRow).toContainText("Bob from SSO");
});

test("groups changed at the provider: the next sign-in follows them, and the sessions of the old role end", async ({ browser }) => {
  await setUser("bob", { groups: ["ml-team", "platform-admins"] });
  const again = await newPage(browser);
  await signInAtProvider(again, idp.issuer, "bob");
  await landed(again, "/admin");
  await expect(again.getByTestId("signed-in-user")).toContainText("admin");
  // His member session ended with the role change.
  await bob.reload();
  await landed(bob, "/login");
  await bob.context().close();
  bob = again;
});

test("every mapped group removed at the provider: refused, and signed out everywhere", async ({ browser }) => {
  await setUser("bob", { groups: ["unmapped-group"] });
  const page = await newPage(browser);
  await signInAtProvider(page, idp.issuer, "bob");
  await refusedWith(page, "None of your groups at the identity provider gives access");
  await page.context().close();
  await bob.goto("/admin/service-accounts");
  await landed(bob, "/login");
});

test("groups that are not a list are refused with a clear message; 1,000 groups with odd names work", async ({ browser }) => {
  await setUser("bob", { groups: "ml-team" });
  let page = await newPage(browser);
  await signInAtProvider(page, idp.issuer, "bob");
  await refusedWith(page, "not a list");
  await page.context().close();
  const odd = Array.from({ length: 999 }, (_, i) => `grp ${i} <b>&amp;"'/\\ ünï ${"x".repeat(i % 40)}`);
  await setUser("bob", { groups: [...odd, "ml-team"] });
  page = await newPage(browser);
  await signInAtProvider(page, idp.issuer, "bob");
  await landed(page, "/me");
  await expect(page.getByRole("list", { name: "Your workspaces" }).getByRole("listitem")).toHaveText([/^ml\s*default$/, "shared"]);
  await page.context().close();
});

test("a replayed callback, and a code the provider issued to another application, are refused on /login", async ({ browser }) => {
  const page = await newPage(browser);
  let callback = "";
  page.on("request", (request) => {
    if (request.url().startsWith(`${appOrigin()}/api/auth/callback/oidc`)) callback = request.url();
  });
  await signInAtProvider(page, idp.issuer, "alice");
  await landed(page, "/admin");
  expect(callback).toContain("code=");
  await page.context().close();
  // Replayed elsewhere (a leaked callback URL): the code is spent and the state belongs to the first browser.
  const replayer = await newPage(browser);
  const replay = await replayer.goto(callback);
  expect(replay?.status() ?? 0).toBeLessThan(500);
  await refusedWith(replayer, "Single sign-on did not complete");
  await replayer.context().close();

  // The authorization request rewritten for another application registered at the provider: the
  // provider issues that application a code, which this service cannot redeem as its own.
  const other = await newPage(browser);
  await other.route(`${idp.issuer}/auth?**`, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("client_id", OTHER_CLIENT.id);
    return route.continue({ url: url.href });
  });
  const logged = app.output().length;
  await signInAtProvider(other, idp.issuer, "alice");
  await refusedWith(other, "Single sign-on did not complete");
  // Refused by the provider's token endpoint: the code is not this service's to redeem.
  expect(app.output().slice(logged)).toContain("[auth] CallbackRouteError: server responded with an error");
  await other.context().close();
});
