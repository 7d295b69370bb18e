import type { IncomingMessage } from "node:http";
import { isCsrfOriginAllowed } from "next/dist/server/app-render/csrf-protection";

/**
 * The same-origin check Next.js makes before running a server action
 * (next/dist/server/app-render/action-handler.js): the host of the Origin header must equal the
 * first X-Forwarded-Host value when one is sent, else the Host header, or be listed in
 * `experimental.serverActions.allowedOrigins` (matched by Next's own function). Next.js answers a
 * mismatch, `Origin: null` and an Origin that is not a URL with a 500 and an error in its log, and
 * lets a request without Origin through with a warning; here all four are refused. Browsers send
 * Origin with every POST, so only hand-made requests lack it. `npm run dev` compares the same way
 * (`allowedDevOrigins` governs only Next's /_next resources), so a dashboard opened on the dev
 * server's own address keeps working.
 */
export function originProblem(req: IncomingMessage, allowedOrigins: string[] = []): string | null {
  const origins = req.headersDistinct.origin;
  if (!origins) return "A server action needs an Origin header";
  if (origins.length > 1) return "Send exactly one Origin header";
  const origin = origins[0]!;
  if (origin === "null") return "Server actions from an opaque origin (Origin: null) are refused";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "The Origin header is not a URL";
  }
  const host = firstForwardedHost(req) || req.headers.host;
  if (originHost !== "" && originHost === host) return null;
  if (originHost !== "" && isCsrfOriginAllowed(originHost, allowedOrigins)) return null;
  return "The Origin of this server action is not this site";
}

/** X-Forwarded-Host as Next.js reads it: the first of its comma-separated values. */
function firstForwardedHost(req: IncomingMessage): string | undefined {
  const value = req.headers["x-forwarded-host"];
  return (Array.isArray(value) ? value[0] : value?.split(",")[0])?.trim();
}
