import packageJson from "../../package.json";
import { problemReply } from "@/lib/http/errors";
import { json, type Reply } from "@/lib/http/reply";
import type { HttpRequest, Mount } from "@/lib/http/router";
import { docsAsset, docsPage, DOCS_ASSETS } from "./docs";
import { problem } from "./http";
import { openApiDocument } from "./openapi";
import { answerFailure, answerRequest } from "./router";
import { answerTokenExchange, TOKEN_EXCHANGE_PATH } from "./token-exchange";
import type { Route } from "./route";
import { apiKeyRoutes } from "./routes/api-keys";
import { peopleRoutes } from "./routes/people";
import { policyAuditRoutes } from "./routes/policy-audit";
import { serviceAccountRoutes } from "./routes/service-accounts";
import { trustPolicyRoutes } from "./routes/trust-policies";
import { workspaceRoutes } from "./routes/workspaces";

/**
 * The management API (docs/management-api.md, PRODUCT.md §8), a mount of server.ts's router
 * (lib/http/router.ts) before Next.js: thin adapters from HTTP to the lib/domain functions the
 * dashboard's actions call.
 */
export const MANAGEMENT_ROUTES: Route[] = [...workspaceRoutes, ...serviceAccountRoutes, ...apiKeyRoutes, ...trustPolicyRoutes, ...peopleRoutes, ...policyAuditRoutes];

const PREFIX = "/api/v1/";
/** The API reference's info.version: the product's own (package.json). */
export const API_VERSION = packageJson.version;
let document: Record<string, unknown> | null = null;

/** Paths server.ts sends here: /api/v1/* (but the authentication API's own, whose mount comes first) and the docs' files. */
export const isManagementApiPath = (pathname: string) => pathname.startsWith(PREFIX) || pathname === "/api/v1" || pathname.startsWith(DOCS_ASSETS);

async function answer(r: HttpRequest): Promise<Reply> {
  const { method, pathname } = r;
  if (pathname.startsWith(DOCS_ASSETS)) return docsAsset(pathname);
  const reference = pathname === "/api/v1/openapi.json" || pathname === "/api/v1/docs";
  if (reference && method !== "GET" && method !== "HEAD") return problemReply(problem(405, "Only GET", { headers: { allow: "GET" } }));
  if (pathname === "/api/v1/openapi.json") return json(200, (document ??= openApiDocument(MANAGEMENT_ROUTES, API_VERSION)));
  if (pathname === "/api/v1/docs") return docsPage();
  // Keyless CI: authenticated by the identity token it carries, not a management token.
  if (pathname === TOKEN_EXCHANGE_PATH) return answerTokenExchange(r);
  return answerRequest(MANAGEMENT_ROUTES, r);
}

/** Answers one request of the management API; never rejects. */
export async function answerManagementApi(r: HttpRequest): Promise<Reply> {
  try {
    return await answer(r);
  } catch (error) {
    return answerFailure(error, r);
  }
}

export const managementApi: Mount = { owns: (_method, pathname) => isManagementApiPath(pathname), answer: answerManagementApi };
