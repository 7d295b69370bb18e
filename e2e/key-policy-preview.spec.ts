import { expect, test, type Browser, type Page } from "@playwright/test";
import { administrators, apiKeys, serviceAccounts } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { DAY_MS } from "@/lib/keys/lifecycle";
import { startContractServer, type ContractServer } from "../tests/support/contract-server";
import { NO_SESSION } from "./support/sessions";

// Issue 27 item 6: lowering the maximum key lifetime says how many keys it ends at once and asks
// to confirm. The keys' ages cannot be made in a browser, so this spec runs a server of its own on
// a database seeded with keys 10, 40 and 45 days old (and a disabled one 50 days old).
const ADMIN = { email: "policy-admin@example.test", password: "a long policy admin password" };
let app: ContractServer<void>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // A server of its own starts on a busy machine too (its readiness has its own 90 s budget).
  test.setTimeout(180_000);
  app = await startContractServer(async (db) => {
    await db.insert(administrators).values({ email: ADMIN.email, name: "Policy Admin", role: "admin", passwordHash: await hashPassword(ADMIN.password) });
    const [account] = await db.insert(serviceAccounts).values({ name: "aged-keys" }).returning();
    const aged = (days: number, n: number, disabled = false) => ({
      serviceAccountId: account!.id,
      name: `aged-${days}d`,
      hash: `${n}`.repeat(64).slice(0, 64),
      hint: `opsa_Ag${n}…${n}${n}${n}${n}`,
      createdAt: new Date(Date.now() - days * DAY_MS),
      disabledAt: disabled ? new Date() : null,
    });
    await db.insert(apiKeys).values([aged(10, 1), aged(40, 2), aged(45, 3), aged(50, 4, true)]);
  });
});
test.afterEach(async ({}, info) => {
  // The server of its own prints nowhere else: its output goes with a failure.
  if (info.status !== info.expectedStatus) await info.attach("server output", { body: app.output(), contentType: "text/plain" });
});
test.afterAll(async () => {
  await app?.dispose();
});

async function signedIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ storageState: NO_SESSION, baseURL: app.baseUrl })).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/admin\//);
  await page.goto("/admin/settings");
  return page;
}

async function submit(page: Page, maximum: string, defaultExpiry: string) {
  await page.getByLabel("Maximum key lifetime").fill(maximum);
  await page.getByLabel("Default expiry").fill(defaultExpiry);
  await page.getByRole("button", { name: "Save", exact: true }).click();
}

test("lowering the maximum lifetime counts the keys it ends at once and asks first; Cancel keeps the policy", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedIn(browser);
  await submit(page, "30", "30");
  const confirm = page.getByRole("alertdialog", { name: "Lower the maximum key lifetime?" });
  // The 40- and 45-day-old keys; not the young one, nor the disabled one that works no more.
  await expect(confirm).toContainText("A maximum of 30 days ends 2 keys at once");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await page.reload();
  await expect(page.getByLabel("Maximum key lifetime")).toHaveValue("");

  // A maximum no working key is older than: saved at once, nothing to confirm.
  await submit(page, "60", "30");
  await expect(page.getByText(/^Key policy saved/)).toBeVisible();
  await expect(confirm).toHaveCount(0);

  // Lowering it to 42 days ends only the 45-day-old key: the dialog says so, and saving applies it.
  await submit(page, "42", "30");
  await expect(confirm).toContainText("A maximum of 42 days ends 1 key at once");
  await confirm.getByRole("button", { name: "Save and end 1 key" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(/^Key policy saved/).first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Maximum key lifetime")).toHaveValue("42");

  // Refused input is not previewed: its error shows inline as before.
  await submit(page, "30", "60");
  await expect(page.getByText("The default expiry must be at most the maximum lifetime (30 days)")).toBeVisible();
  await expect(confirm).toHaveCount(0);
});
