import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import type { AxeResults } from "axe-core";

// axe-core itself rather than the @axe-core/playwright wrapper: the wrapper's 4.14 line requires
// Node 22.12, and CI still runs Node 20 (docs/testing.md). This is all the wrapper did for us: put
// axe's source in the page and run it on the whole document. page.evaluate runs through the
// DevTools protocol, so the dashboard's Content-Security-Policy does not block the injected script.
const source: string = createRequire(import.meta.url)("axe-core").source;

/**
 * axe-core's results for the page as it is now: every rule on the whole document, or only `rules`
 * within the element `include` (a CSS selector) selects.
 */
export async function analyzeAccessibility(page: Page, only: { include?: string; rules?: string[] } = {}): Promise<AxeResults> {
  // Once per document: parsing axe's half-megabyte source again for every check on the same page
  // (a menu, then a dialog) is what made the checks slow on a busy machine.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(source);
  return page.evaluate(({ include, rules }) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
    return axe.run(include ? { include: [include] } : document, rules ? { runOnly: { type: "rule", values: rules } } : {});
  }, only);
}
