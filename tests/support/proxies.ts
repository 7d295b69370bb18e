import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./contract-server";

/**
 * The shipped proxy configurations (deploy/nginx/opik.conf.template, deploy/caddy/Caddyfile) run
 * with the real binaries from Debian, each in a temporary folder of its own, on a free loopback
 * port, started and stopped by pid: never the system service, never its files.
 */
export type ProxyKind = "nginx" | "caddy";
export { freePort };
export const PROXY_KINDS: readonly ProxyKind[] = ["nginx", "caddy"];

export type ProxySettings = {
  /** host:port of Opik's frontend (the stand-in's) */
  opikUpstream: string;
  /** host:port of this service (or of a fake of it) */
  authUpstream: string;
  /** where browsers reach this service */
  authPublicUrl: string;
  /** a free port for the proxy; one is chosen when absent */
  port?: number;
};

export type RunningProxy = {
  kind: ProxyKind;
  port: number;
  /** http://localhost:<port>: the Opik host, a cookie host other than the service's 127.0.0.1 */
  url: string;
  /** The configuration file as the proxy read it (nginx: the rendered template). */
  config: string;
  /** What the proxy logged so far (nginx's error log, Caddy's output). */
  log: () => string;
  /** SIGTERM to the proxy's own pid, then waits for it to exit (SIGKILL after 10 s). Idempotent. */
  stop: () => Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
export const NGINX_TEMPLATE = path.join(ROOT, "deploy/nginx/opik.conf.template");
export const CADDYFILE = path.join(ROOT, "deploy/caddy/Caddyfile");
const READY_TIMEOUT_MS = 15_000;

const BINARIES: Record<ProxyKind | "envsubst", string[]> = {
  nginx: ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"],
  caddy: ["/usr/bin/caddy", "/usr/local/bin/caddy"],
  envsubst: ["/usr/bin/envsubst", "/usr/local/bin/envsubst"],
};

/** The binary's path, or null when it is not installed (`.ci/run` installs all three from Debian). */
export function findBinary(name: ProxyKind | "envsubst"): string | null {
  return BINARIES[name].find((p) => existsSync(p)) ?? null;
}

/** Why the proxy cannot run here, or null when it can. */
export function missingBinaries(kind: ProxyKind): string | null {
  const needed: (ProxyKind | "envsubst")[] = kind === "nginx" ? ["nginx", "envsubst"] : ["caddy"];
  const missing = needed.filter((n) => !findBinary(n));
  return missing.length ? `${missing.join(" and ")} not installed (apt-get install ${missing.map((m) => (m === "envsubst" ? "gettext-base" : m)).join(" ")})` : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/**
 * The nginx template rendered as the official image's /etc/nginx/templates mechanism and the
 * README render it: the real `envsubst` with exactly the four variables named.
 */
export function renderNginxTemplate(vars: { LISTEN_PORT: string; OPIK_UPSTREAM: string; AUTH_UPSTREAM: string; AUTH_PUBLIC_URL: string }): string {
  const envsubst = findBinary("envsubst");
  if (!envsubst) throw new Error("envsubst is not installed (apt-get install gettext-base)");
  const result = spawnSync(envsubst, ["${LISTEN_PORT} ${OPIK_UPSTREAM} ${AUTH_UPSTREAM} ${AUTH_PUBLIC_URL}"], {
    input: readFileSync(NGINX_TEMPLATE),
    env: { PATH: process.env.PATH, ...vars } as Record<string, string | undefined> as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`envsubst failed: ${result.stderr}`);
  return result.stdout;
}

/** A main nginx.conf of the test's own around the rendered template, every path inside `dir`. */
function nginxMainConfig(dir: string, include: string): string {
  const p = (name: string) => path.join(dir, name);
  return [
    `error_log ${p("error.log")} info;`,
    "worker_processes 1;",
    "events { worker_connections 256; }",
    "http {",
    `  access_log ${p("access.log")};`,
    `  client_body_temp_path ${p("client_body")};`,
    `  proxy_temp_path ${p("proxy")};`,
    `  fastcgi_temp_path ${p("fastcgi")};`,
    `  uwsgi_temp_path ${p("uwsgi")};`,
    `  scgi_temp_path ${p("scgi")};`,
    `  include ${include};`,
    "}",
    "",
  ].join("\n");
}

/** The test's own Caddyfile: global options for a throwaway instance, then the shipped file, imported unchanged. */
function caddyWrapper(dir: string): string {
  return ["{", "\tadmin off", "\tauto_https off", "\tdefault_bind 127.0.0.1", `\tstorage file_system ${path.join(dir, "storage")}`, "}", `import ${CADDYFILE}`, ""].join("\n");
}

function caddyEnv(dir: string, settings: ProxySettings, port: number): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_DATA_HOME: path.join(dir, "data"),
    XDG_CONFIG_HOME: path.join(dir, "config"),
    LISTEN_PORT: String(port),
    OPIK_UPSTREAM: settings.opikUpstream,
    AUTH_UPSTREAM: settings.authUpstream,
    AUTH_PUBLIC_URL: settings.authPublicUrl,
  };
  return env as NodeJS.ProcessEnv;
}

/** `caddy validate` of the shipped Caddyfile (through the test's wrapper): the binary's own check. */
export async function validateCaddyfile(settings: ProxySettings): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "sa-caddy-validate-"));
  try {
    const config = path.join(dir, "Caddyfile");
    writeFileSync(config, caddyWrapper(dir));
    const result = spawnSync(findBinary("caddy")!, ["validate", "--config", config, "--adapter", "caddyfile"], {
      env: caddyEnv(dir, settings, settings.port ?? 8080),
      encoding: "utf8",
    });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `nginx -t` of the rendered template inside the test's main config. */
export async function testNginxConfig(settings: ProxySettings): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "sa-nginx-test-"));
  try {
    const { conf } = writeNginxFiles(dir, settings, settings.port ?? 8080);
    const result = spawnSync(findBinary("nginx")!, ["-t", "-p", dir, "-c", conf, "-g", `pid ${path.join(dir, "nginx.pid")};`], { encoding: "utf8" });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function writeNginxFiles(dir: string, settings: ProxySettings, port: number): { conf: string; rendered: string } {
  const rendered = renderNginxTemplate({
    LISTEN_PORT: `127.0.0.1:${port}`,
    OPIK_UPSTREAM: settings.opikUpstream,
    AUTH_UPSTREAM: settings.authUpstream,
    AUTH_PUBLIC_URL: settings.authPublicUrl,
  });
  const include = path.join(dir, "opik.conf");
  writeFileSync(include, rendered);
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, nginxMainConfig(dir, include));
  return { conf, rendered };
}

async function waitUntilListening(child: ChildProcess, port: number, log: () => string, what: string): Promise<void> {
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) throw new Error(`${what} exited (${exited}) before listening:\n${log()}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port} within ${READY_TIMEOUT_MS} ms:\n${log()}`);
    await sleep(50);
  }
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        process.kill(child.pid, "SIGTERM");
        const killed = await Promise.race([exit.then(() => false), sleep(10_000).then(() => true)]);
        if (killed && child.exitCode === null) {
          process.kill(child.pid, "SIGKILL");
          await exit;
        }
      }
      await rm(dir, { recursive: true, force: true });
    })());
}

/** Spawns the proxy in the foreground, waits until it listens on `port`; stops it and throws with its log when it does not. */
async function launch(
  kind: ProxyKind,
  command: { binary: string; args: string[]; env?: NodeJS.ProcessEnv; extraLog?: () => string },
  at: { port: number; dir: string; config: string },
): Promise<RunningProxy> {
  let output = "";
  const child = spawn(command.binary, command.args, { stdio: ["ignore", "pipe", "pipe"], ...(command.env ? { env: command.env } : {}) });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const log = () => output + (command.extraLog?.() ?? "");
  const stop = stopper(child, at.dir);
  try {
    await waitUntilListening(child, at.port, log, kind);
  } catch (error) {
    await stop();
    throw error;
  }
  return { kind, port: at.port, url: `http://localhost:${at.port}`, config: at.config, log, stop };
}

export async function startNginx(settings: ProxySettings): Promise<RunningProxy> {
  const nginx = findBinary("nginx");
  if (!nginx) throw new Error("nginx is not installed (apt-get install nginx)");
  const port = settings.port ?? (await freePort());
  const dir = await mkdtemp(path.join(os.tmpdir(), "sa-nginx-"));
  // Workers run as `nobody` when the master is root: they write request bodies under the prefix.
  chmodSync(dir, 0o755);
  const { conf, rendered } = writeNginxFiles(dir, settings, port);
  const errorLog = path.join(dir, "error.log");
  return launch(
    "nginx",
    {
      binary: nginx,
      args: ["-p", dir, "-c", conf, "-e", errorLog, "-g", `daemon off; pid ${path.join(dir, "nginx.pid")};`],
      extraLog: () => (existsSync(errorLog) ? readFileSync(errorLog, "utf8") : ""),
    },
    { port, dir, config: rendered },
  );
}

export async function startCaddy(settings: ProxySettings): Promise<RunningProxy> {
  const caddy = findBinary("caddy");
  if (!caddy) throw new Error("caddy is not installed (apt-get install caddy)");
  const port = settings.port ?? (await freePort());
  const dir = await mkdtemp(path.join(os.tmpdir(), "sa-caddy-"));
  for (const sub of ["data", "config", "storage"]) mkdirSync(path.join(dir, sub));
  const config = path.join(dir, "Caddyfile");
  writeFileSync(config, caddyWrapper(dir));
  return launch(
    "caddy",
    { binary: caddy, args: ["run", "--config", config, "--adapter", "caddyfile"], env: caddyEnv(dir, settings, port) },
    { port, dir, config: readFileSync(CADDYFILE, "utf8") },
  );
}

export function startProxy(kind: ProxyKind, settings: ProxySettings): Promise<RunningProxy> {
  return kind === "nginx" ? startNginx(settings) : startCaddy(settings);
}

/**
 * One HTTP request with exactly the headers given (plus Host and Content-Length): unlike fetch,
 * which always sends `Sec-Fetch-Mode: cors`, so it can stand for a browser's page load or an SDK.
 * Redirects are not followed. The answer's headers are a `Headers` (one value per name, joined).
 */
export function rawRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ response: { status: number; headers: Headers }; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: "127.0.0.1", port: target.port, method: init.method ?? "GET", path: `${target.pathname}${target.search}`, headers: { Host: target.host, ...init.headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
          resolve({ response: { status: res.statusCode ?? 0, headers }, body });
        });
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
