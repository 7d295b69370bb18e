import { DrizzleQueryError } from "drizzle-orm";
import { PgPreparedQuery } from "drizzle-orm/pg-core";

/*
 * Query errors without query parameters (README "Decisions"). drizzle-orm 0.45 wraps every driver
 * error in a DrizzleQueryError whose message is "Failed query: <sql>\nparams: <values>" and which
 * keeps the values in `.params`; the driver's own error, its `cause`, carries them too: PGlite's in
 * enumerable `params`, postgres.js's in hidden `parameters` and `args`, both in `detail` ("Key
 * (email)=(…) already exists", "Failing row contains (…)") and Postgres in the message itself
 * (`invalid input syntax for type uuid: "<value>"`). Next.js logs a failed request's error with
 * util.inspect, cause included, so a failed insert of an administrator printed the email and the
 * argon2id hash. Every query error that leaves the database client is therefore rebuilt here:
 * same class, same SQLSTATE `code` (lib/db-errors.ts and lib/db-health.ts read it through
 * `.cause`), the SQL text, stack frames, and a message with every parameter value replaced.
 */

const MARK = Symbol.for("service-accounts-admin.query-errors-without-parameters");

/** Error fields that describe where and why, never what was sent: copied; everything else is dropped. */
const KEPT_FIELDS = [
  "code",
  "errno",
  "syscall",
  "address",
  "port",
  "severity",
  "severity_local",
  "schema",
  "schema_name",
  "table",
  "table_name",
  "column",
  "column_name",
  "dataType",
  "data_type",
  "constraint",
  "constraint_name",
  "routine",
  "file",
  "line",
  "position",
] as const;

/**
 * Patches drizzle's one place that turns a driver error into a DrizzleQueryError. Runs at module
 * level in db/client.ts: Next.js bundles its own copy of drizzle-orm beside the one server.ts loads
 * through tsx, and each copy of db/client.ts patches the copy it imports (a class marks itself, so
 * a second call changes nothing).
 */
export function installQueryErrorRedaction(prepared: { prototype: object } = PgPreparedQuery): void {
  const proto = prepared.prototype as Record<PropertyKey, unknown>;
  if (proto[MARK]) return;
  const original = proto.queryWithCache;
  if (typeof original !== "function") {
    // A drizzle-orm upgrade moved the wrapper: fail loudly rather than log parameters again.
    throw new Error("drizzle-orm: PgPreparedQuery.prototype.queryWithCache is gone; update db/query-errors.ts");
  }
  proto.queryWithCache = async function queryWithCache(this: unknown, sql: string, params: unknown[], query: unknown) {
    try {
      return await original.call(this, sql, params, query);
    } catch (error) {
      throw withoutParameters(error, sql, params);
    }
  };
  Object.defineProperty(proto, MARK, { value: true });
}

/** `error` rebuilt without any of `params` (and without the fields that echo them). */
export function withoutParameters(error: unknown, sql: string, params: readonly unknown[]): unknown {
  const redact = redactor(params);
  if (error instanceof DrizzleQueryError || !(error instanceof Error)) {
    const query = redact(sql);
    const out = rebuild(error instanceof Error ? error : new Error(String(error)), `Failed query: ${query}`, redact, 0);
    Object.defineProperty(out, "query", { value: query, enumerable: true, writable: true, configurable: true });
    return out;
  }
  return rebuild(error, redact(error.message), redact, 0);
}

function rebuild(source: Error, message: string, redact: (text: string) => string, depth: number): Error {
  const out = Object.create(Object.getPrototypeOf(source) ?? Error.prototype) as Error & Record<string, unknown>;
  const hidden = (key: string, value: unknown) => Object.defineProperty(out, key, { value, writable: true, configurable: true });
  hidden("name", source.name);
  hidden("message", message);
  hidden("stack", redact(`${header(source.name, message)}${frames(source)}`));
  const fields = source as unknown as Record<string, unknown>;
  for (const key of KEPT_FIELDS) {
    const value = fields[key];
    if (typeof value === "string" || typeof value === "number") out[key] = typeof value === "string" ? redact(value) : value;
  }
  if (source instanceof AggregateError) {
    hidden("errors", depth < 3 ? source.errors.map((e) => (e instanceof Error ? rebuild(e, redact(e.message), redact, depth + 1) : "[error]")) : []);
  }
  if (source.cause !== undefined && depth < 4) {
    const cause = source.cause;
    hidden("cause", cause instanceof Error ? rebuild(cause, redact(cause.message), redact, depth + 1) : "[cause]");
  }
  return out;
}

const header = (name: string, message: string) => (message ? `${name}: ${message}` : name);

/** The stack's frames ("    at …" lines) without its first line(s), which repeat the old message. */
function frames(error: Error): string {
  const stack = typeof error.stack === "string" ? error.stack : "";
  const head = header(error.name, error.message);
  if (stack.startsWith(head)) return stack.slice(head.length);
  const lines = stack.split("\n").filter((line) => /^\s+at /.test(line));
  return lines.length ? `\n${lines.join("\n")}` : "";
}

/**
 * Replaces each parameter's text in a message by "[parameter $n]": quoted ("…" or '…', how Postgres
 * echoes a value) whatever its length, and anywhere when it is 4 characters or more (a shorter
 * value cannot be told apart from the words around it, and cannot hold a secret).
 */
function redactor(params: readonly unknown[]): (text: string) => string {
  const labels = new Map<string, string>();
  params.forEach((param, i) => {
    const label = `[parameter $${i + 1}]`;
    for (const text of textForms(param, 0)) {
      for (const quote of ['"', "'"]) if (!labels.has(quote + text + quote)) labels.set(quote + text + quote, quote + label + quote);
      if (text.length >= 4 && !labels.has(text)) labels.set(text, label);
    }
  });
  if (labels.size === 0) return (text) => text;
  // One pass, longest first, so a value is never found again inside another's replacement.
  const pattern = new RegExp([...labels.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
  return (text) => text.replace(pattern, (match) => labels.get(match) ?? match);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function textForms(value: unknown, depth: number): string[] {
  if (value === null || value === undefined || depth > 3) return [];
  if (typeof value === "string") return value === "" ? [] : [value];
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return [String(value)];
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? [] : [value.toISOString(), String(value)];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString("hex")];
  const forms: string[] = [];
  if (Array.isArray(value)) for (const item of value) forms.push(...textForms(item, depth + 1));
  else if (typeof value === "object") for (const item of Object.values(value)) forms.push(...textForms(item, depth + 1));
  try {
    const json = JSON.stringify(value);
    if (json) forms.push(json);
  } catch {
    // a cycle or a BigInt inside: the parts above are enough
  }
  return forms;
}
