// Start-up settings the server refuses: it exits 1 with a message naming the setting before it
// opens the database or listens (server.ts's first try block). Started as users start it (`npm start`).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/contract-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dataDir = "";

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "sa-startup-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Starts the server with `env` and waits for it to exit (a server that comes up is stopped and reported as such). */
async function startWith(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const clean: NodeJS.ProcessEnv = {} as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(VITEST|TEST_|DATABASE_URL$|PGLITE_DIR$|NODE_ENV$|NODE_OPTIONS$|PORT$|HOST$|ADMIN_|API_KEY_|OPIK_BACKEND_)/.test(k)) clean[k] = v;
  }
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...clean, AUTH_SECRET: "contract-tests-auth-secret-0123456789abcdef", PGLITE_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", ...env },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve({ code, output }));
    // Coming up at all is the failure: stop it so the test reports the output instead of hanging.
    child.stdout.on("data", () => {
      if (output.includes("[server] ready")) process.kill(-child.pid!, "SIGTERM");
    });
  });
}

describe("API_KEY_PREFIX: Opik's reserved opik_ prefix stops the start-up (OPIK-AUTH-CONTRACT.md §18.7)", () => {
  // Keys are "<prefix>_…": each of these would make keys starting opik_ (letter case included,
  // since Opik's header check is on the raw string and an upper-case prefix is refused anyway).
  it.each(["opik", "OPIK", "Opik", "opik_mcp", "opik_cipx", "opik_"])("refuses %s with exit code 1 and a message", { timeout: 60_000 }, async (prefix) => {
    const { code, output } = await startWith({ API_KEY_PREFIX: prefix });
    expect(output).toMatch(/\[startup\] failed: API_KEY_PREFIX .*Opik reserves/);
    expect(output).not.toContain("[server] ready");
    expect(code).toBe(1);
  });
});

describe("OPIK_BACKEND_ADDRESSES: only addresses or CIDR ranges of the Opik backend", () => {
  it.each(["*", "opik-backend.internal", "10.0.0.0/99"])("refuses %j with exit code 1 and a message", { timeout: 60_000 }, async (value) => {
    const { code, output } = await startWith({ OPIK_BACKEND_ADDRESSES: value });
    expect(output).toMatch(/\[startup\] failed: OPIK_BACKEND_ADDRESSES /);
    expect(code).toBe(1);
  });
});
