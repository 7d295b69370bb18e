import type { IncomingMessage, ServerResponse } from "node:http";
import packageJson from "../../package.json";
import { sendDocsAsset, sendDocsPage, DOCS_ASSETS } from "./docs";
import { problem, sendJson, sendProblem } from "./http";
import { openApiDocument } from "./openapi";
import { answerRequest, answerSafely } from "./router";
import { answerTokenExchange, TOKEN_EXCHANGE_PATH } from "./token-exchange";
import type { Route } from "./route";
import { apiKeyRoutes } from "./routes/api-keys";
import { peopleRoutes } from "./routes/people";
import { policyAuditRoutes } from "./routes/policy-audit";
import { serviceAccountRoutes } from "./routes/service-accounts";
import { trustPolicyRoutes } from "./routes/trust-policies";
import { workspaceRoutes } from "./routes/workspaces";

/**
 * The management API (README "Automate it", PRODUCT.md §8), answered on node:http by server.ts
 * before Next.js: thin adapters from HTTP to the lib/domain functions the dashboard's actions call.
 */
export const MANAGEMENT_ROUTES: Route[] = [...workspaceRoutes, ...serviceAccountRoutes, ...apiKeyRoutes, ...trustPolicyRoutes, ...peopleRoutes, ...policyAuditRoutes];

const PREFIX = "/api/v1/";
/** The API reference's info.version: the product's own (package.json). */
export const API_VERSION = packageJson.version;
let document: Record<string, unknown> | null = null;

/** Paths server.ts sends here: /api/v1/* (but the authentication API's own, which it routes first) and the docs' files. */
export const isManagementApiPath = (pathname: string) => pathname.startsWith(PREFIX) || pathname === "/api/v1" || pathname.startsWith(DOCS_ASSETS);

export function handleManagementApi(req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams): void {
  void answerSafely(
    async () => {
      if (pathname.startsWith(DOCS_ASSETS)) return sendDocsAsset(res, pathname);
      const reference = pathname === "/api/v1/openapi.json" || pathname === "/api/v1/docs";
      if (reference && req.method !== "GET" && req.method !== "HEAD") return sendProblem(res, problem(405, "Only GET", { headers: { allow: "GET" } }));
      if (pathname === "/api/v1/openapi.json") return sendJson(res, 200, (document ??= openApiDocument(MANAGEMENT_ROUTES, API_VERSION)));
      if (pathname === "/api/v1/docs") return sendDocsPage(res);
      // Keyless CI: authenticated by the identity token it carries, not a management token.
      if (pathname === TOKEN_EXCHANGE_PATH) return answerTokenExchange(req, res);
      await answerRequest(MANAGEMENT_ROUTES, req, res, pathname, search);
    },
    res,
    `${req.method} ${pathname.slice(0, 200)}`,
  );
}
