// A revealed key never travels back to the server (issue 10, item 10): React's convention passes a
// form's previous result as the first argument of its server action, so the next Add key posted
// the last one's full key. Every request the page makes is recorded while keys are added,
// dismissed and deleted; none may carry a revealed key. And once dismissed, the key is not in the
// page's memory either (a V8 heap snapshot of the page, through the DevTools protocol).
import { expect, test, type Page } from "@playwright/test";
import { hintOf, KeyLifecycleModal } from "./support/key-pages";
import { ApiKeysModal, ServiceAccountsPage } from "./support/pages";

type Sent = { method: string; url: string; headers: string; body: string };

/** Everything the page sends from now on: URL, every header and the body of each request. */
function recordRequests(page: Page): { all: () => Promise<Sent[]> } {
  const pending: Promise<Sent>[] = [];
  page.on("request", (request) => {
    pending.push(
      request.allHeaders().then((headers) => ({
        method: request.method(),
        url: request.url(),
        headers: JSON.stringify(headers),
        body: request.postDataBuffer()?.toString("latin1") ?? "",
      })),
    );
  });
  return { all: () => Promise.all(pending) };
}

/** Every string in the page's JavaScript heap, after a full garbage collection. */
async function heapSnapshot(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", ({ chunk }) => void chunks.push(chunk));
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  await cdp.send("HeapProfiler.disable");
  await cdp.detach();
  return chunks.join("");
}

/** The part of a key that nothing else shows (the hint shows its first 9 and last 4 characters). */
const secretPart = (key: string) => key.slice(9, -4);

test("no request carries a revealed key, and a dismissed key leaves the page's memory", async ({ page }) => {
  const accounts = new ServiceAccountsPage(page);
  const modal = new ApiKeysModal(page);
  const name = `secrecy-${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  await modal.open(name);
  const dialog = modal.dialog(name);
  const requests = recordRequests(page);

  const first = await modal.addKey(name, "first-key");
  // The snapshot sees a key that is still on screen: the check below could fail.
  expect((await heapSnapshot(page)).includes(secretPart(first))).toBe(true);
  await dialog.getByRole("button", { name: "I have stored the key" }).click();
  await expect(dialog.getByLabel("New API key")).toHaveCount(0);
  expect.soft((await heapSnapshot(page)).includes(secretPart(first)), "the first key is still in the page's heap after it was dismissed").toBe(false);

  const second = await modal.addKey(name, "second-key");
  expect(second).not.toBe(first);
  await modal.deleteKey(name, `${first.slice(0, 9)}…${first.slice(-4)}`);
  // Closed with the key still showing ("Close without the key?"): gone from memory as well.
  await modal.closeDiscardingKey(name);
  expect.soft((await heapSnapshot(page)).includes(secretPart(second)), "the second key is still in the page's heap after the modal closed").toBe(false);

  const sent = await requests.all();
  // The recording sees the bodies the page posts: both Add key posts carry the names typed.
  const posts = sent.filter((r) => r.method === "POST");
  expect(posts.some((r) => r.body.includes("first-key"))).toBe(true);
  expect(posts.some((r) => r.body.includes("second-key"))).toBe(true);
  expectNoneCarries(sent, [first, second]);
});

function expectNoneCarries(sent: Sent[], keys: string[]) {
  for (const key of keys) {
    for (const request of sent) {
      for (const part of ["url", "headers", "body"] as const) {
        expect(request[part].includes(secretPart(key)), `${request.method} ${request.url}: a revealed key in its ${part}`).toBe(false);
      }
    }
  }
}

test("Roll key's new key, in the same reveal: never sent back, and gone from memory once dismissed or closed", async ({ page }) => {
  const modal = new KeyLifecycleModal(page);
  const name = `secrecy-roll-${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/admin/service-accounts");
  await new ServiceAccountsPage(page).createServiceAccount({ name });
  await modal.open(name);
  const original = await modal.addKey(name, "rolled");
  await modal.dismissReveal(name);
  const requests = recordRequests(page);

  const first = await modal.rollKey(name, hintOf(original), "Now");
  expect((await heapSnapshot(page)).includes(secretPart(first))).toBe(true);
  await modal.dismissReveal(name);
  expect.soft((await heapSnapshot(page)).includes(secretPart(first)), "the rolled key is still in the page's heap after it was dismissed").toBe(false);
  // Its predecessor stopped working at once ("Now"), so the new key can be rolled in turn.
  const second = await modal.rollKey(name, hintOf(first), "Now");
  await modal.closeDiscardingKey(name);
  expect.soft((await heapSnapshot(page)).includes(secretPart(second)), "the second rolled key is still in the page's heap after the modal closed").toBe(false);

  const sent = await requests.all();
  expect(sent.filter((r) => r.method === "POST" && /name="[^"]*grace"/.test(r.body))).toHaveLength(2);
  expectNoneCarries(sent, [first, second]);
});
