import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled;
  // argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  // Playwright and local tests talk to `next dev` on 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  poweredByHeader: false,
  // Lets two builds coexist on one machine (e.g. a benchmark build beside a dev build).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The build checks the app's own code; `npm run typecheck` (first step of `npm test`) checks everything.
  typescript: { tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;
