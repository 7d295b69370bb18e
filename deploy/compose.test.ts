// deploy/docker-compose.opik.yml on top of Opik's compose file, resolved by Compose itself
// (`docker-compose config`, Debian's docker-compose package; .ci/run installs it). Opik's own file
// cannot be downloaded in CI: OPIK_STANDIN below is a minimal stand-in written for this test, with
// the service names, ports and profiles of Opik's deployment/docker-compose/docker-compose.yaml
// (its README's profiles: `opik` runs everything, the backend and frontend included).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isSeq, parse, parseDocument, type YAMLSeq } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "..");
const OURS = readFileSync(path.join(ROOT, "deploy/docker-compose.opik.yml"), "utf8");

// Opik's file starts with \`name: opik\`, which Compose 1.29 refuses: the project name is given with -p.
const OPIK_STANDIN = `
services:
  mysql:
    image: mysql:8.4.2
  redis:
    image: redis:7.2.4-alpine3.19
  clickhouse:
    image: clickhouse/clickhouse-server:25.8.16.34-alpine
  backend:
    image: ghcr.io/comet-ml/opik/opik-backend:\${OPIK_VERSION:-latest}
    profiles: [backend, opik, opik-otel]
    hostname: backend
    ports:
      - "3003"
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health-check"]
    depends_on:
      mysql:
        condition: service_healthy
  python-backend:
    image: ghcr.io/comet-ml/opik/opik-python-backend:\${OPIK_VERSION:-latest}
    profiles: [backend, opik, local-be-fe, local-be]
  frontend:
    image: ghcr.io/comet-ml/opik/opik-frontend:\${OPIK_VERSION:-latest}
    profiles: [opik, local-be, opik-otel]
    hostname: frontend
    ports:
      - "\${NGINX_PORT:-5173}:\${NGINX_PORT:-5173}"
    healthcheck:
      test: ["CMD-SHELL", "curl --fail --fail-early http://localhost:\${NGINX_PORT:-5173}/health"]
    depends_on:
      backend:
        condition: service_healthy
`;

type Service = {
  image?: string;
  environment?: Record<string, string>;
  ports?: { published?: number | string; target: number }[];
  volumes?: (string | { source?: string; target: string; read_only?: boolean })[];
  depends_on?: Record<string, { condition: string }>;
};

const hasCompose = spawnSync("docker-compose", ["version"]).status === 0;
const dir = mkdtempSync(path.join(os.tmpdir(), "sa-compose-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `docker-compose config` on the stand-in plus `ours`, as the README's command combines them. */
function resolve(ours: string, compose: string[] = ["docker-compose"]): { services: Record<string, Service> } {
  writeFileSync(path.join(dir, "docker-compose.yaml"), OPIK_STANDIN);
  writeFileSync(path.join(dir, "ours.yml"), ours);
  const [command, ...pre] = compose;
  const r = spawnSync(command!, [...pre, "-p", "opik", "-f", "docker-compose.yaml", "-f", "ours.yml", "--profile", "opik", "config"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, SERVICE_ACCOUNTS_ADMIN_DIR: ROOT, SERVICE_ACCOUNTS_AUTH_SECRET: "compose-test-secret" },
  });
  if (r.status !== 0) throw new Error(`${compose.join(" ")} config failed:\n${r.stderr}`);
  return parse(r.stdout) as { services: Record<string, Service> };
}

describe("deploy/docker-compose.opik.yml", () => {
  it("stops publishing Opik's frontend with `ports: !reset []` (Compose 2.24+)", () => {
    const frontend = parseDocument(OURS).getIn(["services", "frontend", "ports"], true) as YAMLSeq;
    expect(isSeq(frontend) && frontend.tag).toBe("!reset");
    expect(frontend.items).toStrictEqual([]);
  });

  // Debian bookworm's docker-compose is 1.29 (Python), which knows no `!reset`: it resolves the file
  // without that entry (what the file's header tells users of an old Compose to do).
  it.skipIf(!hasCompose)("resolves on Opik's services: the proxy in front of the frontend, the backend wired, everything in the `opik` profile", () => {
    const { services } = resolve(OURS.replace(/^  frontend:\n    ports: !reset \[\]\n/m, ""));
    expect(Object.keys(services).sort()).toStrictEqual(
      ["backend", "clickhouse", "frontend", "mysql", "python-backend", "redis", "service-accounts", "service-accounts-db", "service-accounts-proxy"].sort(),
    );

    const proxy = services["service-accounts-proxy"]!;
    expect(proxy.image).toMatch(/^nginx:/);
    expect(proxy.ports).toStrictEqual([expect.objectContaining({ published: expect.anything(), target: 8080 })]);
    expect(String(proxy.ports![0]!.published)).toBe("5173");
    // Compose 1.29 prints volumes in the short syntax, Compose 2 in the long one.
    const volumes = proxy.volumes!.map((v) => (typeof v === "string" ? v : `${v.source}:${v.target}${v.read_only ? ":ro" : ""}`));
    expect(volumes).toStrictEqual([`${path.join(ROOT, "deploy/nginx/opik.conf.template")}:/etc/nginx/templates/opik.conf.template:ro`]);
    expect(proxy.environment).toStrictEqual({ LISTEN_PORT: "8080", OPIK_UPSTREAM: "frontend:5173", AUTH_UPSTREAM: "service-accounts:3000" });
    expect(proxy.depends_on).toStrictEqual({ frontend: { condition: "service_healthy" }, "service-accounts": { condition: "service_healthy" } });

    const backend = services.backend!;
    expect(backend.environment).toMatchObject({ AUTH_ENABLED: "true", REACT_SERVICE_URL: "http://service-accounts:3000", AUTH_API_KEY_RESOLUTION_CACHE_TTL_IN_SEC: "0" });
    expect(backend.depends_on).toMatchObject({ mysql: { condition: "service_healthy" }, "service-accounts": { condition: "service_healthy" } });

    const service = services["service-accounts"]!;
    expect(service.environment).toMatchObject({ AUTH_SECRET: "compose-test-secret", OPIK_UI_URL: "http://localhost:5173", AUTH_URL: "http://localhost:3000" });
    expect(service.depends_on).toStrictEqual({ "service-accounts-db": { condition: "service_healthy" } });
  });

  it.skipIf(!hasCompose)("with `!reset` left in, the old Compose refuses the file rather than publishing the frontend twice", () => {
    expect(() => resolve(OURS)).toThrow(/!reset/);
  });
});
