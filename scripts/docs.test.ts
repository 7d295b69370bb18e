// The docs as a reader meets them (issue 25 item 4): every relative link in README.md and docs/
// resolves (the file exists and, with #anchor, so does the heading), and every setting the code
// reads from the environment is in the configuration reference's table.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const DOCS = ["README.md", "bench/README.md", ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** Markdown outside fenced code blocks (links and headings inside code are not links or headings). */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, "");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(text).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = heading!.replace(/`/g, "").toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function relativeLinks(file: string): { target: string; anchor: string | null }[] {
  return [...prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href))
    .map((href) => {
      const [target, anchor] = href.split("#", 2) as [string, string | undefined];
      return { target: target === "" ? file : path.join(path.dirname(file), target), anchor: anchor ?? null };
    });
}

describe("docs", () => {
  it.each(DOCS)("every relative link in %s resolves, anchors included", (file) => {
    const broken: string[] = [];
    for (const { target, anchor } of relativeLinks(file)) {
      const full = path.join(ROOT, target);
      if (!existsSync(full)) broken.push(`${target} (no such file)`);
      else if (anchor && statSync(full).isFile() && target.endsWith(".md") && !anchorsOf(read(target)).has(anchor)) broken.push(`${target}#${anchor}`);
    }
    expect(broken).toStrictEqual([]);
  });

  it("README stays a page a newcomer reads in five minutes (at most ~12 KB)", () => {
    expect(Buffer.byteLength(read("README.md"))).toBeLessThanOrEqual(12 * 1024);
  });

  it("every setting the code reads from the environment is in the configuration reference", () => {
    const table = new Set(
      [...read("docs/configuration.md").matchAll(/^\|([^|\n]+)\|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)),
    );
    const read_ = readSettingsInCode();
    // Names in the code that look like settings but are not read from the environment, or are
    // Next.js's own, or the test harness's.
    const notSettings = new Set([
      "NEXT_RUNTIME", "NEXT_PHASE", "OPIK_URL_OVERRIDE", "DATABASE_TIMEOUT", "DATABASE_CIRCUIT_OPEN", "CONNECT_TIMEOUT",
      "CONNECTION_DESTROYED", "CONNECTION_CLOSED", "CONNECTION_ENDED", "EAI_AGAIN", "SA_TEST_POOL", "SA_TEST_POOL_NEVER_SET",
      "PGAPPNAME", "NODE_ENV",
      // What the full process tells a CHECK_WORKERS worker it starts (lib/http/workers.ts).
      "SA_CHECK_WORKER_SOCKET", "SA_CHECK_WORKER_SLOT",
    ]);
    const missing = [...read_].filter((name) => !notSettings.has(name) && !table.has(name)).sort();
    expect(missing).toStrictEqual([]);
  });
});

/** Setting-shaped names in the server's code: `env.NAME`, `process.env.NAME` and quoted `"NAME_WITH_UNDERSCORE"`. */
function readSettingsInCode(): Set<string> {
  const names = new Set<string>();
  const files: string[] = ["server.ts", "instrumentation.ts", "next.config.ts", "next.config.mjs"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(rel);
    }
  };
  for (const dir of ["lib", "db", "app", "components"]) walk(dir);
  for (const file of files.filter((f) => existsSync(path.join(ROOT, f)))) {
    const text = read(file);
    for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const m of text.matchAll(/["'`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["'`]/g)) names.add(m[1]!);
  }
  return names;
}
