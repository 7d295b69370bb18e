import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Reply } from "@/lib/http/reply";

/**
 * GET /api/v1/docs: the OpenAPI document rendered by Swagger UI (the maintained `swagger-ui-dist`),
 * served from this service, never a CDN: a self-hosted deployment may have no internet. Its files
 * are under DOCS_ASSETS (outside /api/v1/, whose every path is in the document).
 */
export const DOCS_ASSETS = "/api/docs-assets/";
const FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};
const INIT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
`;
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Service Accounts Admin</title>
<link rel="stylesheet" href="${DOCS_ASSETS}swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS}favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS}swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS}init.js"></script>
</body>
</html>
`;

const dir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const cache = new Map<string, Buffer>();

const reply = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): Reply => ({
  status,
  type,
  body,
  headers: { "content-security-policy": CSP, ...headers },
});

export const docsPage = (): Reply => reply(200, "text/html; charset=utf-8", PAGE, { "cache-control": "no-store" });

/** A file of the rendered reference; anything else under DOCS_ASSETS is a 404. */
export async function docsAsset(pathname: string): Promise<Reply> {
  const name = pathname.slice(DOCS_ASSETS.length);
  if (name === "init.js") return reply(200, "text/javascript; charset=utf-8", INIT, { "cache-control": "public, max-age=3600" });
  const type = FILES[name];
  if (!type) return reply(404, "text/plain; charset=utf-8", "Not found");
  let body = cache.get(name);
  if (!body) {
    body = await readFile(path.join(dir, name));
    cache.set(name, body);
  }
  return reply(200, type, body, { "cache-control": "public, max-age=86400" });
}
