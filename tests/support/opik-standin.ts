import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in Opik of our own for the proxy tests:
 * - a **backend** that authenticates `/v1/private/*` as Opik's AuthFilter + RemoteAuthService do
 *   in remote mode (OPIK-AUTH-CONTRACT.md §9): the workspace from `Comet-Workspace`, else the
 *   `workspace_name` query parameter (blank → 403 "Workspace name should be provided"); a
 *   `sessionToken` cookie → the session path, which refuses `default` with 403; no
 *   `Authorization` → 401 "API key should be provided"; otherwise `POST <service>/opik/auth` with
 *   that `Authorization` and `{workspaceName, path, requiredPermissions}`, and on 200 it answers
 *   what it learnt. `/v1/session/*` needs some `sessionToken` cookie and then redirects to a UI
 *   page. Every request is recorded, headers included.
 * - a **frontend** as Opik's frontend nginx: `/api/*` to the backend with `/api` stripped, every
 *   other path the UI's page, whose script calls the API the way the stock UI does and, like the
 *   stock UI's workspace preloader, turns `/<anything but default>/…` into bare `/default`.
 */
export type RecordedRequest = { method: string; url: string; path: string; headers: IncomingHttpHeaders };

/** What a 200 of the stand-in backend says: who Opik took the caller for. */
export type BackendAnswer = { user: string; workspaceName: string; workspaceId: string; path: string };

export type OpikStandIn = {
  /** host:port of the frontend (the proxy's OPIK_UPSTREAM) */
  frontendHostPort: string;
  backendUrl: string;
  /** Every request the backend received, oldest first. */
  backendRequests: RecordedRequest[];
  /** Every request the frontend received (pages, scripts and API calls before they go on). */
  frontendRequests: RecordedRequest[];
  /** Where the backend sends its `/opik/auth` calls (this service); settable once the service runs. */
  setAuthUrl: (url: string) => void;
  close: () => Promise<void>;
};

const WORKSPACE_HEADER = "comet-workspace";
/** What Opik's resources declare (`@RequiredPermissions`); GET /v1/private/projects → project_data_view. */
const REQUIRED_PERMISSIONS: Record<string, string[]> = { "GET /v1/private/projects": ["project_data_view"] };

/** The stock UI's page: it asks the API for projects with `Comet-Workspace: default`, as `src/api/api.ts` does, and shows the answer. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Opik (stand-in)</title></head>
<body><h1>Opik (stand-in)</h1>
<p>API status: <output id="api-status">pending</output></p>
<pre id="api-body"></pre>
<script src="/static/app.js"></script>
</body></html>`;

// First, as the real UI's workspace preloader does (OPIK-WEB-UI.md §1): any first segment other
// than "default" ends on bare "/default", the rest of the path and the query dropped.
const SCRIPT = `const firstSegment = location.pathname.split("/")[1];
if (firstSegment && firstSegment !== "default") history.replaceState(null, "", "/default");
async function loadProjects() {
  const status = document.getElementById("api-status");
  const body = document.getElementById("api-body");
  try {
    const response = await fetch("/api/v1/private/projects", { headers: { "Comet-Workspace": "default" }, credentials: "include" });
    body.textContent = await response.text();
    status.textContent = String(response.status);
  } catch (error) {
    status.textContent = "error: " + error;
  }
}
loadProjects();
`;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Opik renders its own auth failures as Dropwizard's ErrorMessage: `{"code", "message"}`. */
const fail = (res: ServerResponse, status: number, message: string) => json(res, status, { code: status, message });

function cookieNames(headers: IncomingHttpHeaders): string[] {
  return (headers.cookie ?? "")
    .split(";")
    .map((part) => part.split("=")[0]!.trim())
    .filter(Boolean);
}

function record(list: RecordedRequest[], req: IncomingMessage): URL {
  const url = new URL(req.url ?? "/", "http://stand-in");
  list.push({ method: req.method ?? "GET", url: req.url ?? "/", path: url.pathname, headers: { ...req.headers } });
  return url;
}

async function readBody(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // drained: the stand-in needs no request body
  }
}

async function callOpikAuth(authUrl: string, authorization: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const response = await fetch(new URL("/opik/auth", authUrl), {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json", Accept: "application/json", "Accept-Encoding": "identity" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: response.status, json: null };
  }
}

async function privateEndpoint(req: IncomingMessage, res: ServerResponse, url: URL, authUrl: string): Promise<void> {
  // §9.1: the header when present (even empty), else the query parameter.
  const header = req.headers[WORKSPACE_HEADER];
  const workspaceName = (typeof header === "string" ? header : url.searchParams.get("workspace_name")) ?? "";
  if (!workspaceName.trim()) return fail(res, 403, "Workspace name should be provided");
  // §9.3: a sessionToken cookie takes the session path, where `default` is always refused.
  if (cookieNames(req.headers).includes("sessionToken")) {
    if (workspaceName.toLowerCase() === "default") return fail(res, 403, "User is not allowed to access workspace");
    return fail(res, 403, "User is not allowed to access workspace (stand-in: the session path is not implemented)");
  }
  // §9.2
  const authorization = req.headers.authorization ?? "";
  if (!authorization.trim()) return fail(res, 401, "API key should be provided");
  const required = REQUIRED_PERMISSIONS[`${req.method} ${url.pathname}`];
  const answer = await callOpikAuth(authUrl, authorization, {
    workspaceName,
    path: url.pathname,
    ...(required ? { requiredPermissions: required } : {}),
  });
  // §3: 401/400 carry the service's msg; 403 becomes Opik's fixed text; anything else a 500.
  if (answer.status === 401 || answer.status === 400) return fail(res, answer.status, String(answer.json?.msg ?? ""));
  if (answer.status === 403) return fail(res, 403, "User is not allowed to access workspace");
  if (answer.status < 200 || answer.status > 299) return fail(res, 500, "Unexpected error while authenticating user");
  const user = answer.json?.user;
  if (typeof user !== "string" || !user) return fail(res, 401, "User not found");
  const result: BackendAnswer = {
    user,
    workspaceName: typeof answer.json?.workspaceName === "string" ? answer.json.workspaceName : workspaceName,
    workspaceId: String(answer.json?.workspaceId),
    path: url.pathname,
  };
  json(res, 200, result);
}

function backendHandler(requests: RecordedRequest[], authUrl: () => string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = record(requests, req);
    await readBody(req);
    try {
      if (url.pathname.startsWith("/v1/private/")) return await privateEndpoint(req, res, url, authUrl());
      if (url.pathname.startsWith("/v1/session/")) {
        if (!cookieNames(req.headers).includes("sessionToken")) return fail(res, 401, "Please login first");
        res.writeHead(303, { Location: "/default/projects?from=session-redirect" });
        return res.end();
      }
      fail(res, 404, "HTTP 404 Not Found");
    } catch (error) {
      fail(res, 500, `stand-in backend: ${(error as Error).message}`);
    }
  };
}

/** Opik's frontend nginx: `location /api/ { rewrite /api/(.*) /$1 break; proxy_pass http://backend; }`, else the UI. */
function frontendHandler(requests: RecordedRequest[], backend: () => AddressInfo) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = record(requests, req);
    if (url.pathname.startsWith("/api/")) {
      const { port } = backend();
      const upstream = httpRequest(
        { host: "127.0.0.1", port, method: req.method, path: (req.url ?? "/").slice("/api".length), headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", (error) => fail(res, 502, `stand-in frontend: ${error.message}`));
      req.pipe(upstream);
      return;
    }
    const script = url.pathname === "/static/app.js";
    const body = script ? SCRIPT : PAGE;
    res.writeHead(200, { "Content-Type": script ? "text/javascript" : "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address() as AddressInfo));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startOpikStandIn(authUrl = "http://127.0.0.1:1"): Promise<OpikStandIn> {
  let auth = authUrl;
  const backendRequests: RecordedRequest[] = [];
  const frontendRequests: RecordedRequest[] = [];
  const backend = createServer(backendHandler(backendRequests, () => auth));
  const backendAddress = await listen(backend);
  const frontend = createServer(frontendHandler(frontendRequests, () => backendAddress));
  const frontendAddress = await listen(frontend);
  return {
    frontendHostPort: `127.0.0.1:${frontendAddress.port}`,
    backendUrl: `http://127.0.0.1:${backendAddress.port}`,
    backendRequests,
    frontendRequests,
    setAuthUrl: (url) => (auth = url),
    close: async () => {
      await close(frontend);
      await close(backend);
    },
  };
}
