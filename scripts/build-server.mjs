#!/usr/bin/env node
// Compiles server.ts and everything it imports outside Next.js (lib/, db/) into one ES module,
// dist/server.js, which `npm start` and the container run with plain `node`: no TypeScript loader
// at run time. Packages stay external (node_modules is resolved at run time): next, and PGlite and
// argon2, whose WASM, data files and native addon are loaded from their own folders.
import { build } from "esbuild";

// `next` has no "exports" map, so Node's ES module loader needs the file's extension on a subpath
// (`next/constants.js`); a bundler or tsx did not.
const nextSubpaths = {
  name: "next-subpaths",
  setup(b) {
    b.onResolve({ filter: /^next\/[^.]+$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

await build({
  entryPoints: ["server.ts"],
  outfile: "dist/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  // Paths such as `@/lib/...` come from tsconfig.json's "paths"; everything else is a package.
  tsconfig: "tsconfig.json",
  plugins: [nextSubpaths],
  sourcemap: true,
  logLevel: "warning",
});
