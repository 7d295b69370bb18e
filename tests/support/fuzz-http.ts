import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { checksumOf } from "@/lib/keys";
import type { RawRequest } from "./contract-http";
import { hostileText } from "./fuzz-arbitraries";

export type Route = { method: string; path: string };

/**
 * Every route the authentication API declares, read from its source: `authApi.get("/…", …)` in
 * lib/auth-api/app.ts, and the POST key checks listed in KEY_CHECKS in lib/auth-api/key-checks.ts.
 */
export function authApiRoutes(): Route[] {
  const read = (file: string) => readFileSync(path.resolve(import.meta.dirname, "../../lib/auth-api", file), "utf8");
  const declared = [...read("app.ts").matchAll(/authApi\.(get|post|put|patch|delete|all)\(\s*["']([^"']+)["']/g)].map((m) => ({ method: m[1]!.toUpperCase(), path: m[2]! }));
  const table = /const KEY_CHECKS[^=]*= \{([\s\S]*?)\n\};/.exec(read("key-checks.ts"))?.[1] ?? "";
  const keyChecks = [...table.matchAll(/^ {2}"(\/[^"]+)":/gm)].map((m) => ({ method: "POST", path: m[1]! }));
  const routes = [...keyChecks, ...declared];
  return routes.filter((r, i) => routes.findIndex((q) => q.path === r.path && q.method === r.method) === i);
}

/** Key-shaped strings this module sent, to make sure none is echoed or logged. */
export const sentKeys = new Set<string>();
const KEY_SHAPE = /[a-z][a-z0-9]{1,15}_[0-9A-Za-z]{38}/g;

const noCrLf = (s: string) => s.replace(/[\r\n\0]/g, " ");
const utf8 = (s: string) => Buffer.from(noCrLf(s), "utf8");

/** Authorization values: real keys, near misses, other schemes, noise, unicode and huge ones. */
function authorization(realKeys: string[]): fc.Arbitrary<string | Buffer> {
  const real = fc.constantFrom(...realKeys);
  return fc.oneof(
    real,
    real.map((k) => `${k}*${Buffer.from('{"baseUrl":"http://x/"}').toString("base64")}`),
    fc.tuple(real, fc.nat(), fc.constantFrom(..."0aZ_-*=")).map(([k, i, c]) => `${k.slice(0, i % k.length)}${c}${k.slice((i % k.length) + 1)}`),
    fc.tuple(real, fc.string({ maxLength: 20 })).map(([k, s]) => noCrLf(k + s)),
    // Well-formed keys (right prefix and checksum) that were never issued.
    fc.stringMatching(/^[0-9A-Za-z]{32}$/).map((random) => `opsa_${random}${checksumOf(random)}`),
    fc.constantFrom("Bearer ", "Basic ", "bearer\t", "").chain((scheme) => real.map((k) => scheme + k)),
    fc.string({ maxLength: 80 }).map(noCrLf),
    fc.string({ unit: "grapheme", maxLength: 40 }).map(utf8),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b.filter((x) => x !== 10 && x !== 13 && x !== 0))),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => "k".repeat(n)),
  );
}

const contentType = fc.oneof(
  // Mostly the right one, so that bodies get past the content-type check and reach the handlers.
  { arbitrary: fc.constant("application/json"), weight: 4 },
  fc.constantFrom(
    "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json", "application/jsonx",
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/json, text/plain", "",
  ),
  fc.string({ maxLength: 40 }).map(noCrLf),
);

/** Bodies: the documented fields with any JSON values, any JSON, bytes, text, truncated, nested, oversized. */
function body(realKeys: string[]): fc.Arbitrary<string | Buffer> {
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  // Hostile text too: NUL, lone surrogates (as JSON escapes), U+FFFF, direction controls, overlong.
  const names = fc.oneof(fc.constantFrom("team-a", "TEAM-B", "default", "Default", "other-ws", "no-such-ws", "", " ", "team\u0000a", "x".repeat(300)), hostileText());
  const real = fc.constantFrom(...realKeys);
  const workspace = fc.oneof({ arbitrary: names, weight: 4 }, anyJson, real);
  const field = fc.oneof(anyJson, names, real);
  const documented = fc.record(
    {
      workspaceName: workspace,
      path: fc.oneof(fc.constantFrom("/v1/private/spans/batch", ""), field),
      requiredPermissions: fc.oneof(fc.constant(["trace_span_thread_log"]), field, fc.array(field, { maxLength: 3 })),
      key: fc.oneof({ arbitrary: real, weight: 3 }, field),
      workspace,
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { arbitrary: documented.map((o) => JSON.stringify(o)), weight: 5 },
    { arbitrary: anyJson.map((v) => JSON.stringify(v)), weight: 2 },
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
    fc.string({ unit: "binary", maxLength: 200 }),
    documented.map((o) => JSON.stringify(o)).chain((s) => fc.nat({ max: Math.max(0, s.length - 1) }).map((n) => s.slice(0, n))),
    fc.integer({ min: 100, max: 8000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
    // Multipart that opens with the boundary of the generated Content-Type, then goes wrong (or not).
    fc
      .tuple(fc.constantFrom("--xyz", "--xyz\r\n", '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n'), fc.string({ maxLength: 30 }), fc.constantFrom("", "\r\n--xyz--\r\n"))
      .map((parts) => parts.join("")),
    fc.integer({ min: 15_000, max: 40_000 }).map((n) => JSON.stringify({ workspaceName: "w".repeat(n) })),
  );
}

const queryValue = fc.oneof(
  fc.constantFrom("team-a", "TEAM-A", "default", "", "%", "%FF%FE", "%00", "a%20b", "x".repeat(300)),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
  fc.uuid(),
  // A URL holds a lone surrogate only as its (invalid) UTF-8 bytes, which decode to U+FFFD.
  hostileText().map((t) => encodeURIComponent(t.toWellFormed().slice(0, 300))),
  fc.constantFrom("%ED%A0%80", "team%ED%BF%BF", "%EF%BF%BF", "%E2%80%AE"),
);
const query = fc.oneof(
  fc.constant(""),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom("name", "id", "workspaceName", "key"), fc.stringMatching(/^[a-z]{1,6}$/)), queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : "")),
  fc.string({ maxLength: 20 }).map((s) => `?${encodeURIComponent(s)}`),
);

/** The route's own path most of the time; sometimes a near miss that Next.js answers instead. */
function pathOf(route: Route): fc.Arbitrary<{ path: string; exact: boolean }> {
  const exact = query.map((q) => ({ path: route.path + q, exact: true }));
  const nearMiss = fc
    .constantFrom(`${route.path}/`, route.path.toUpperCase(), `/${route.path}`, `${route.path}/..`, `${route.path}%2F`, `${route.path};x`, `${route.path}/%`)
    .map((p) => ({ path: p, exact: false }));
  return fc.oneof({ arbitrary: exact, weight: 9 }, { arbitrary: nearMiss, weight: 1 });
}

const extraHeader = fc.tuple(
  fc.oneof(
    fc.constantFrom("X-Forwarded-For", "Accept", "Accept-Encoding", "Cookie", "Origin", "X-SA-Client-Address", "Comet-Workspace", "Authorization"),
    fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/),
  ),
  fc.oneof(fc.string({ maxLength: 60 }).map(noCrLf), fc.string({ unit: "grapheme", maxLength: 20 }).map(utf8)),
);

export type FuzzRequest = RawRequest & { exact: boolean };

type Parts = {
  method: string;
  where: { path: string; exact: boolean };
  authorization: string | Buffer | null;
  contentType: string | null;
  extra: [string, string | Buffer][];
  body: string | Buffer | null;
};

function assemble({ method, where, authorization, contentType, extra, body }: Parts): FuzzRequest {
  const headers: [string, string | Buffer][] = [];
  if (authorization !== null) headers.push(["Authorization", authorization]);
  if (contentType !== null) headers.push(["Content-Type", contentType]);
  headers.push(...extra);
  for (const value of [...headers.map(([, v]) => v), body ?? ""]) {
    for (const k of (typeof value === "string" ? value : value.toString("utf8")).match(KEY_SHAPE) ?? []) sentKeys.add(k);
  }
  return { method, path: where.path, exact: where.exact, headers, body: body ?? undefined };
}

const anyMethod = fc.oneof(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"), fc.stringMatching(/^[A-Z]{1,10}$/));

/** A generated, mostly malformed request to `route` of the authentication API. */
export function fuzzRequest(route: Route, realKeys: string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.oneof({ arbitrary: fc.constant(route.method), weight: 3 }, anyMethod),
      where: pathOf(route),
      authorization: fc.option(authorization(realKeys), { freq: 4 }),
      contentType: fc.option(contentType, { freq: 5 }),
      extra: fc.array(extraHeader, { maxLength: 4 }),
      body: fc.option(body(realKeys), { freq: 6 }),
    })
    .map(assemble);
}

/** A generated request to one of the app's own pages or route handlers (served by Next.js). */
export function fuzzAppRequest(paths: string[], realKeys: string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.oneof({ arbitrary: fc.constantFrom("GET", "POST"), weight: 3 }, anyMethod),
      where: fc.tuple(fc.constantFrom(...paths), query).map(([p, q]) => ({ path: p + q, exact: false })),
      authorization: fc.option(authorization(realKeys), { freq: 6 }),
      contentType: fc.option(contentType, { freq: 3 }),
      extra: fc.array(extraHeader, { maxLength: 4 }),
      body: fc.option(body(realKeys), { freq: 3 }),
    })
    .map(assemble);
}
