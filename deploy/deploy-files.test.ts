// What the deployment files say, read without running them (Compose resolves the compose file in
// deploy/compose.test.ts; tests/container/ builds and runs the Dockerfile): the compose file sets
// only settings the README documents and wires Opik's backend to the service; the Dockerfile runs
// the npm steps CI runs and node on the compiled server.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
/** README and every page under docs/ (the configuration reference and Opik setup hold the tables). */
const readme = ["README.md", ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)].map(read).join("\n");
/** The variables named in the first cell of the docs' table rows: `| \`NAME\`, \`OTHER\` | ...`. */
const documented = new Set(
  [...readme.matchAll(/^\|([^|\n]+)\|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)),
);

type Service = { environment?: Record<string, string>; profiles?: string[]; depends_on?: Record<string, { condition: string }>; build?: { context: string } };
// `!reset` (Compose's own tag) is read as the plain list it carries.
const compose = parse(read("deploy/docker-compose.opik.yml"), { customTags: [{ tag: "!reset", collection: "seq", resolve: (seq) => seq }] }) as { services: Record<string, Service>; volumes: Record<string, unknown> };

describe("deploy/docker-compose.opik.yml", () => {
  const { services } = compose;

  it("adds the service and its Postgres, in the profiles Opik's backend runs in, and the proxy where Opik's frontend runs", () => {
    expect(Object.keys(services).sort()).toStrictEqual(["backend", "frontend", "service-accounts", "service-accounts-db", "service-accounts-proxy"]);
    expect(services["service-accounts-proxy"]!.profiles).toStrictEqual(["opik", "opik-otel"]);
    for (const name of ["service-accounts", "service-accounts-db"]) expect(services[name]!.profiles).toStrictEqual(["opik", "backend", "opik-otel"]);
    expect(services["service-accounts"]!.depends_on).toStrictEqual({ "service-accounts-db": { condition: "service_healthy" } });
    expect(Object.keys(compose.volumes)).toStrictEqual(["service-accounts-db"]);
  });

  it("sets only settings the README's configuration table lists", () => {
    const env = services["service-accounts"]!.environment!;
    for (const name of [...Object.keys(env), ...Object.keys(services["service-accounts-proxy"]!.environment!)]) {
      expect(documented, `${name} is not in the README's tables`).toContain(name);
    }
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/service_accounts:.*@service-accounts-db:5432\/service_accounts$/);
  });

  it("points Opik's backend at the service, with immediate revocation, using the settings the README names", () => {
    const backend = services.backend!;
    expect(backend.environment).toStrictEqual({
      AUTH_ENABLED: "true",
      REACT_SERVICE_URL: `http://service-accounts:${services["service-accounts"]!.environment!.PORT}`,
      AUTH_API_KEY_RESOLUTION_CACHE_TTL_IN_SEC: "0",
    });
    for (const name of Object.keys(backend.environment!)) expect(documented).toContain(name);
    expect(backend.depends_on).toStrictEqual({ "service-accounts": { condition: "service_healthy" } });
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const instructions = dockerfile
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .filter((line) => /^[A-Z]+\s/.test(line));
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

  it("runs the npm steps CI runs: npm ci and the build script", () => {
    const npmSteps = instructions.filter((l) => l.startsWith("RUN")).flatMap((l) => l.slice(4).split("&&").map((s) => s.trim())).filter((s) => s.startsWith("npm "));
    expect(npmSteps).toStrictEqual(["npm ci", "npm run build"]);
    expect(scripts.build).toBe("next build && node scripts/build-server.mjs");
    expect(read(".ci/run")).toContain("npm ci --no-audit --no-fund");
  });

  it("runs node on the compiled server as its main process, as a non-root user, keeps .data in a volume, and checks /api/health", () => {
    expect(instructions.filter((l) => l.startsWith("FROM")).map((l) => l.split(" ")[1])).toStrictEqual(["node:22-bookworm-slim", "node:22-bookworm-slim"]);
    expect(instructions).toContain("USER node");
    expect(instructions).toContain('VOLUME ["/app/.data"]');
    expect(instructions.at(-1)).toBe('CMD ["node", "dist/server.js"]');
    expect(scripts.start).toBe("NODE_ENV=production exec node dist/server.js");
    expect(instructions.find((l) => l.startsWith("HEALTHCHECK"))).toMatch(/deploy\/healthcheck\.mjs/);
    expect(read("deploy/healthcheck.mjs")).toMatch(/\/api\/health/);
  });
});
