import { readFileSync } from "node:fs";
import path from "node:path";
import { send, type Reply } from "./contract-http";

/** Auth.js sign-in over HTTP (CSRF token, then the credentials callback): the session cookie. */
export async function signInForCookie(baseUrl: string, credentials: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(15_000) });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, ...credentials }),
    signal: AbortSignal.timeout(15_000),
  });
  const cookie = res.headers.getSetCookie().find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
  if (!cookie) throw new Error(`sign-in gave no session cookie (${res.status} ${res.headers.get("location")})`);
  return cookie.split(";")[0]!;
}

/** The id of a server action, from the build's manifest (what the browser's form posts). */
export function actionId(file: string, name: string): string {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(path.resolve(distDir, "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === name);
  if (!entry) throw new Error(`no server action ${name} of ${file} in ${distDir}`);
  return entry[0];
}

/** Calls the Create workspace server action with a session cookie, as the dialog does. */
export function createWorkspaceOverHttp(baseUrl: string, cookie: string, name: string, init: { signal?: AbortSignal } = {}): Promise<Reply> {
  return send(baseUrl, "/admin/workspaces", {
    method: "POST",
    headers: {
      "next-action": actionId("lib/actions/workspaces.ts", "createWorkspace"),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: baseUrl,
      cookie,
    },
    body: JSON.stringify([null, { name }]),
    ...init,
  });
}
