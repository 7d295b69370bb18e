// Types for scripts/find-browser.mjs (plain JavaScript so that scripts/test.mjs runs it without a loader).
type Exists = (file: string) => boolean;
export const SYSTEM_BROWSERS: Record<string, string[]>;
export function playwrightChromium(): string | null;
export function findBrowser(options?: {
  env?: Record<string, string | undefined>;
  platform?: string;
  exists?: Exists;
  playwright?: () => string | null;
}): string | null;
export function installCommand(options?: { platform?: string; uid?: number; exists?: Exists }): [string, string[]];
export const NO_BROWSER_MESSAGE: string;
export function ensureBrowser(): string;
