import { expect, test, type Locator } from "@playwright/test";
import { analyzeAccessibility } from "./support/axe";
import { accountWithModal, hintOf } from "./support/key-pages";

// Issue 27 item 4: the API keys list reads at a glance (each state its own colour and icon, contrast
// checked by axe-core), closing asks nothing once the key was copied, and the snippet never breaks a word.
test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** The snippet's words (runs of non-space) that the browser drew across more than one line. */
function wordsBrokenAcrossLines(snippet: Locator) {
  return snippet.evaluate((pre) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (const match of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

test("each key state has its own colour and icon, and axe-core finds no contrast violation in the list", async ({ page }) => {
  const { name, modal } = await accountWithModal(page, "badges");
  const dialog = modal.dialog(name);
  const add = async (keyName: string) => {
    const key = await modal.addKey(name, keyName);
    await modal.dismissReveal(name);
    return hintOf(key);
  };
  const rolling = await add("rolling");
  const ended = await add("ended");
  const off = await add("off");
  await modal.rollKey(name, rolling, "1 hour");
  await modal.dismissReveal(name);
  await modal.rollKey(name, ended, "Now");
  await modal.dismissReveal(name);
  await modal.confirmKeyAction(name, off, "Disable key");
  await expect(modal.state(name, off)).toHaveText("disabled");
  await expect(modal.state(name, ended)).toHaveText("expired");
  await expect(modal.state(name, rolling)).toHaveText(/^stops working in/);

  const looks = new Map<string, string>();
  for (const state of ["active", "disabled", "expired", "expiring"]) {
    const badge = dialog.locator(`[data-testid="key-state"][data-state="${state}"]`).first();
    // An icon beside the words, so the state never rests on colour alone.
    await expect(badge.locator("svg")).toHaveCount(1);
    looks.set(state, await badge.evaluate((el) => getComputedStyle(el).backgroundColor));
  }
  expect(new Set(looks.values()).size, JSON.stringify(Object.fromEntries(looks))).toBe(4);

  const { violations } = await analyzeAccessibility(page, { include: '[data-slot="dialog-content"]', rules: ["color-contrast"] });
  expect(violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`))).toEqual([]);
});

test("closing asks nothing once Copy key or the snippet's Copy was used, and still asks when nothing was copied", async ({ page }) => {
  const { name, modal } = await accountWithModal(page, "copied");
  const dialog = modal.dialog(name);
  const key = await modal.addKey(name, "copied-key");
  await dialog.getByRole("button", { name: "Copy key" }).click();
  await expect(dialog.getByText("Copied", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await modal.closeAfterCopy(name);

  await modal.open(name);
  await modal.addKey(name, "snippet-key");
  await dialog.getByRole("button", { name: "Copy the Opik snippet" }).click();
  await expect(dialog.getByRole("button", { name: "Copy the Opik snippet" })).toHaveText("Copied");
  await modal.closeAfterCopy(name);

  await modal.open(name);
  await modal.addKey(name, "uncopied-key");
  await modal.closeDiscardingKey(name);
});

test("the snippet wraps at spaces only: at 390 px no word is broken, the long ones scroll inside the code block", async ({ page }) => {
  const { name, modal } = await accountWithModal(page, "snippet-wrap");
  const snippet = modal.dialog(name).getByTestId("usage-snippet");
  await modal.addKey(name, "wrap");
  expect(await wordsBrokenAcrossLines(snippet)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(async () => {
    const box = (await snippet.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }).toPass();
  expect(await wordsBrokenAcrossLines(snippet)).toEqual([]);
  // The key does not fit the phone's width: the block scrolls sideways, the page does not.
  expect(await snippet.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await modal.dismissReveal(name);
});
