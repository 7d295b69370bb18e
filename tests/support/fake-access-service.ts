import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordedRequest } from "./opik-standin";

/**
 * A fake of this service's side of the Opik-web-UI access contract (docs: the lead's access
 * contract, README "Use with Opik"), small enough to make the proxy configurations' own tests
 * independent of the real service: `/access/check`, `/_access/*`, `/workspaces/*`, `/opik/auth`.
 * It records every request it gets. Known credentials: `KEY` (a service-account key, sent by
 * SDKs) and the person credential `PERSON` in the cookie `sa_access=PERSON`.
 */
export const FAKE = {
  KEY: "opsa_FakeServiceAccountKey0123456789abcdefghij",
  PERSON: "sapc_FakePersonCredential0123456789abcdefghijk",
  USER: "person@example.test",
} as const;

export type FakeAccessService = {
  hostPort: string;
  url: string;
  requests: RecordedRequest[];
  /** The Opik host the fake redirects back to (OPIK_UI_URL); set once the proxy's port is known. */
  setOpikUrl: (url: string) => void;
  close: () => Promise<void>;
};

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": typeof body === "string" ? "text/plain" : "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return null;
}

export async function startFakeAccessService(): Promise<FakeAccessService> {
  const requests: RecordedRequest[] = [];
  let opikUrl = "http://localhost:1";
  let selfUrl = "";
  const signIn = (target: string) => `${selfUrl}/access/sign-in?rd=${encodeURIComponent(new URL(target, opikUrl).href)}`;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    let bodyBytes = 0;
    for await (const chunk of req) bodyBytes += (chunk as Buffer).length;
    requests.push({ method: req.method ?? "GET", url: req.url ?? "/", path: url.pathname, headers: { ...req.headers, "x-fake-body-bytes": String(bodyBytes) } });

    if (url.pathname === "/access/check") {
      const authorization = req.headers.authorization ?? "";
      if (authorization === FAKE.KEY) return reply(res, 200, "", { Authorization: authorization });
      if (cookie(req, "sa_access") === FAKE.PERSON) return reply(res, 200, "", { Authorization: FAKE.PERSON });
      const method = String(req.headers["x-forwarded-method"] ?? req.headers["x-original-method"] ?? "");
      const uri = String(req.headers["x-forwarded-uri"] ?? req.headers["x-original-uri"] ?? "");
      const mode = req.headers["sec-fetch-mode"];
      const browserPage = mode === undefined ? /text\/html/.test(req.headers.accept ?? "") : mode === "navigate";
      const htmlNavigation = (method === "GET" || method === "HEAD") && browserPage && !uri.startsWith("/api/");
      if (htmlNavigation && req.headers["x-forwarded-uri"] && !req.headers["x-original-uri"]) {
        return reply(res, 302, "", { Location: signIn(uri) });
      }
      return reply(res, 401, { msg: "Not signed in", code: 401 });
    }
    if (url.pathname === "/_access/sign-in") {
      const target = String(req.headers["x-original-uri"] ?? url.searchParams.get("rd") ?? "/");
      return reply(res, 302, "", { Location: signIn(target) });
    }
    if (url.pathname.startsWith("/_access/")) {
      return reply(res, 200, { path: url.pathname, query: url.search }, { "Set-Cookie": `sa_access=${FAKE.PERSON}; Path=/; HttpOnly; SameSite=Lax` });
    }
    if (url.pathname === "/workspaces/workspace-name") return reply(res, 200, url.searchParams.get("id") === "ws-a-id" ? "team-a" : "unknown");
    if (url.pathname === "/opik/auth") {
      const authorization = req.headers.authorization ?? "";
      if (authorization === FAKE.KEY) return reply(res, 200, { user: "svc-bot", workspaceId: "ws-a-id", workspaceName: "team-a" });
      if (authorization === FAKE.PERSON) return reply(res, 200, { user: FAKE.USER, workspaceId: "ws-a-id", workspaceName: "team-a" });
      return reply(res, 401, { msg: "API key is invalid", code: 401 });
    }
    reply(res, 404, { msg: "Not found", code: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  selfUrl = `http://127.0.0.1:${port}`;
  return {
    hostPort: `127.0.0.1:${port}`,
    url: selfUrl,
    requests,
    setOpikUrl: (value) => (opikUrl = value),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
