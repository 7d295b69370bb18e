import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

/**
 * Content-Security-Policy of every dashboard response. Nothing is loaded from elsewhere, so every
 * source is 'self'. script-src needs 'unsafe-inline': Next.js hydrates with inline <script> tags,
 * and allowing them by nonce would take a proxy (middleware) minting one per request. The
 * remaining protection is what matters most here: no foreign scripts, no framing, no <base> or
 * form hijacking. style-src 'unsafe-inline' covers the style attributes Radix renders.
 * Development adds 'unsafe-eval' (React's dev build) and WebSockets (hot reload).
 */
function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function securityHeaders(dev: boolean) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    // For browsers without CSP frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    // The dashboard links nowhere else; its URLs (search terms, account ids) stay here.
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  ];
}

export default function config(phase: string): NextConfig {
  return {
    // PGlite ships WASM and data files that must be loaded from node_modules, not bundled;
    // argon2 is a native addon.
    serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "prom-client"],
    // Playwright and local tests talk to `next dev` on 127.0.0.1.
    allowedDevOrigins: ["127.0.0.1", "localhost"],
    poweredByHeader: false,
    // Lets two builds coexist on one machine (e.g. a benchmark build beside a dev build).
    distDir: process.env.NEXT_DIST_DIR || ".next",
    // The build checks the app's own code; `npm run typecheck` (first step of `npm test`) checks everything.
    typescript: { tsconfigPath: "tsconfig.next.json" },
    // The People page was "Administrators" before people had roles other than admin; old links keep working.
    async redirects() {
      return [{ source: "/admin/administrators", destination: "/admin/people", permanent: true }];
    },
    // Every response Next.js serves (the authentication API is answered before Next.js, in lib/auth-api).
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders(phase === PHASE_DEVELOPMENT_SERVER) }];
    },
  };
}
