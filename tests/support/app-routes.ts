import { readdirSync } from "node:fs";
import path from "node:path";

/** A Next.js page or route handler of the app, found by walking app/. */
export type AppRoute = { file: string; kind: "page" | "route"; /** concrete URL paths to request */ paths: string[] };

const ROOT = path.resolve(import.meta.dirname, "../..");

// Concrete values for dynamic segments. Auth.js's catch-all: the endpoints it answers, and one it does not.
const CATCH_ALL_SAMPLES: Record<string, string[]> = {
  nextauth: ["session", "csrf", "providers", "signin", "signout", "callback/credentials", "error", "no-such-endpoint"],
};

function expand(segments: string[]): string[] {
  let paths = [""];
  for (const segment of segments) {
    if (/^\(.*\)$/.test(segment)) continue; // route groups are not part of the URL
    const catchAll = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(segment);
    const dynamic = /^\[(\w+)\]$/.exec(segment);
    const values = catchAll ? (CATCH_ALL_SAMPLES[catchAll[1]!] ?? ["x", "x/y"]) : dynamic ? ["00000000-0000-4000-8000-000000000000"] : [segment];
    paths = paths.flatMap((p) => values.map((v) => `${p}/${v}`));
  }
  return paths.map((p) => p || "/");
}

export function appRoutes(): AppRoute[] {
  return readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f))
    .sort()
    .map((f) => ({
      file: `app/${f}`,
      kind: f.endsWith("route.ts") ? ("route" as const) : ("page" as const),
      paths: expand(path.dirname(f) === "." ? [] : path.dirname(f).split("/")),
    }));
}
