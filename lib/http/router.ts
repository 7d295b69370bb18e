import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { send, withHeaders, type Reply } from "./reply";
import { refuseWhileStopping } from "./shutdown";

/**
 * The one router of everything server.ts answers before Next.js (docs/architecture.md): a list of
 * mounts tried in order, each a surface that owns some paths, and a route table per surface. Plain
 * node:http underneath: the key checks are the hot path, and a web Request/Response adapter cost
 * about as much CPU as a check itself (docs/benchmarks.md).
 */

/** One request as every handler sees it. */
export class HttpRequest {
  /** Path parameters of a route such as /api/v1/service-accounts/{id}, decoded. */
  params: Record<string, string> = {};
  #query: URLSearchParams | undefined;
  #address: string | undefined;

  constructor(
    readonly raw: IncomingMessage,
    readonly method: string,
    readonly pathname: string,
    /** The query string, without "?". */
    readonly search: string,
    private readonly addressOf: () => string,
  ) {}

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.search));
  }

  /** Every value the header was sent with, joined as a fetch Headers object would; undefined when absent. */
  header(name: string): string | undefined {
    const values = this.raw.headersDistinct[name];
    return values ? values.join(", ") : undefined;
  }

  /** The client's address (lib/http/client-address.ts), worked out on first use: the key checks need it only for an unknown key. */
  clientAddress(): string {
    return (this.#address ??= this.addressOf());
  }
}

/** Splits a request's target; `addressOf` gives its trusted client address. */
export function httpRequest(req: IncomingMessage, addressOf: () => string): HttpRequest {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return new HttpRequest(req, req.method ?? "GET", query === -1 ? url : url.slice(0, query), query === -1 ? "" : url.slice(query + 1), addressOf);
}

export type Handler = (r: HttpRequest) => Reply | Promise<Reply>;
export type Match<H> = { handler: H; params: Record<string, string> } | { allowed: string[] } | null;

type Entry<H> = { method: string; path: string; handler: H; pattern: RegExp | null; names: string[] };

/** A malformed escape (%E0%A4%A) stays as sent: it names nothing, which the route then says. */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Routes by method and path. Paths are exact, or OpenAPI-style with parameters
 * (`/api/v1/service-accounts/{id}`, one segment each). `headAsGet`: a GET route also answers HEAD.
 */
export class RouteTable<H = Handler> {
  readonly entries: Entry<H>[] = [];
  readonly #exact = new Map<string, Map<string, H>>();
  #patterns = false;

  constructor(private readonly options: { headAsGet?: boolean } = {}) {}

  add(method: string, path: string, handler: H): this {
    const names: string[] = [];
    const source = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const pattern = names.length > 0 ? new RegExp(`^${source}$`) : null;
    if (pattern) this.#patterns = true;
    this.entries.push({ method, path, handler, pattern, names });
    if (!this.#exact.has(path)) this.#exact.set(path, new Map());
    this.#exact.get(path)!.set(method, handler);
    return this;
  }

  get(path: string, handler: H): this {
    return this.add("GET", path, handler);
  }

  post(path: string, handler: H): this {
    return this.add("POST", path, handler);
  }

  /** Who answers `method` on `pathname`, with which parameters; else the methods allowed there, or null. */
  match(method: string, pathname: string): Match<H> {
    if (!this.#patterns) {
      const byMethod = this.#exact.get(pathname);
      if (!byMethod) return null;
      const handler = byMethod.get(method) ?? (method === "HEAD" && this.options.headAsGet ? byMethod.get("GET") : undefined);
      return handler ? { handler, params: {} } : { allowed: [...byMethod.keys()] };
    }
    // In declaration order, so that a parameter route declared first wins as it always did.
    const hits: { entry: Entry<H>; m: RegExpExecArray | null }[] = [];
    for (const entry of this.entries) {
      const m = entry.pattern ? entry.pattern.exec(pathname) : null;
      if (entry.pattern ? m : entry.path === pathname) hits.push({ entry, m });
    }
    if (hits.length === 0) return null;
    const hit = hits.find((h) => h.entry.method === method) ?? (method === "HEAD" && this.options.headAsGet ? hits.find((h) => h.entry.method === "GET") : undefined);
    if (!hit) return { allowed: [...new Set(hits.map((h) => h.entry.method))] };
    const params = Object.fromEntries(hit.entry.names.map((n, i) => [n, decode(hit.m![i + 1]!)]));
    return { handler: hit.entry.handler, params };
  }
}

/** How a surface answers what its table does not: an unknown path, a wrong method, a handler that threw. */
export type SurfaceOptions = {
  notFound: (r: HttpRequest) => Reply;
  methodNotAllowed: (r: HttpRequest, allowed: string[]) => Reply;
  /** Never a stack trace: the surface's own 503 or 500, logged its own way. */
  onError: (error: unknown, r: HttpRequest) => Reply;
  /** Headers the surface adds to every answer (beyond lib/http/reply.ts's security headers). */
  headers?: (r: HttpRequest) => Record<string, string>;
};

/** A surface's answer to one request; never rejects. */
export function answerFrom(table: RouteTable<Handler>, options: SurfaceOptions): (r: HttpRequest) => Promise<Reply> {
  return async (r) => {
    let reply: Reply;
    try {
      const matched = table.match(r.method, r.pathname);
      if (!matched) reply = options.notFound(r);
      else if ("allowed" in matched) reply = options.methodNotAllowed(r, matched.allowed);
      else {
        r.params = matched.params;
        reply = await matched.handler(r);
      }
    } catch (error) {
      reply = options.onError(error, r);
    }
    return options.headers ? withHeaders(reply, options.headers(r)) : reply;
  };
}

/** One surface in server.ts's list. */
export type Mount = {
  owns: (method: string, pathname: string) => boolean;
  /** Answers the request: a reply to send, or nothing when the mount wrote to `res` itself (Next.js). */
  answer: (r: HttpRequest, res: ServerResponse) => Reply | Promise<Reply> | void;
  /** While the server stops, its 503 is in Opik's `{msg, code}` (the Opik-facing API) rather than plain text. */
  opik?: boolean;
  /** Called after the answer is sent (forward auth drops a body it did not read). */
  after?: (r: HttpRequest) => void;
};

/**
 * The request listener: the first mount that owns the request answers it. `stopping`: from SIGTERM
 * on, every request gets a 503 (lib/http/shutdown.ts). `addressOf`: the trusted client address.
 */
export function createRouter(mounts: Mount[], options: { stopping: () => boolean; addressOf: (req: IncomingMessage) => string }): RequestListener {
  return (req, res) => {
    const r = httpRequest(req, () => options.addressOf(req));
    const mount = mounts.find((m) => m.owns(r.method, r.pathname));
    if (!mount) return void send(res, { status: 404, type: "text/plain; charset=UTF-8", body: "Not found" });
    if (options.stopping()) return refuseWhileStopping(res, mount.opik === true);
    const answer = mount.answer(r, res);
    if (!answer) return;
    if (!(answer instanceof Promise)) return finish(mount, r, res, answer);
    answer.then(
      (reply) => finish(mount, r, res, reply),
      () => res.destroy(),
    );
  };
}

function finish(mount: Mount, r: HttpRequest, res: ServerResponse, reply: Reply): void {
  send(res, reply);
  mount.after?.(r);
}
