import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { primaryMount } from "./check-worker";
import { createRouter } from "./router";
import { PEER_HEADER } from "./workers";

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function ask(port: number, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: body ? "POST" : "GET", path: "/some/page?x=1", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A worker's server with the primary mount alone, on an ephemeral port. */
async function worker(socketPath: string): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  const server = createServer(createRouter([primaryMount(socketPath, agent)], { stopping: () => false, addressOf: () => "127.0.0.1" }));
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

describe("primaryMount (a CHECK_WORKERS worker's hand-over to the full process)", () => {
  it("streams the request with the client's address in the peer header, without hop-by-hop headers, and the answer back", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sa-worker-test-"));
    dirs.push(dir);
    const socketPath = path.join(dir, "app.sock");
    const primary = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (d: string) => (body += d));
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json", "x-answer": "yes", "keep-alive": "timeout=5" });
        res.end(JSON.stringify({ url: req.url, method: req.method, headers: req.headers, body }));
      });
    });
    servers.push(primary);
    primary.listen(socketPath);
    await once(primary, "listening");
    const port = await worker(socketPath);

    const answer = await ask(port, { "x-custom": "kept", "x-dropped": "by-connection", connection: "x-dropped", te: "trailers", [PEER_HEADER]: "198.51.100.9" }, "hello");
    expect(answer.status).toBe(201);
    expect(answer.headers["x-answer"]).toBe("yes");
    const seen = JSON.parse(answer.body) as { url: string; method: string; headers: Record<string, string>; body: string };
    expect(seen).toMatchObject({ url: "/some/page?x=1", method: "POST", body: "hello" });
    expect(seen.headers["x-custom"]).toBe("kept");
    expect(seen.headers["x-dropped"]).toBeUndefined();
    expect(seen.headers.te).toBeUndefined();
    // The client's own value is dropped; the worker's is the socket's peer.
    expect(seen.headers[PEER_HEADER]).toBe("127.0.0.1");
  });

  it("answers 503 in {msg, code} when the full process cannot be reached", async () => {
    const port = await worker(path.join(os.tmpdir(), "sa-worker-test-missing", "app.sock"));
    const answer = await ask(port, {});
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("5");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(answer.body)).toStrictEqual({ msg: "The service is starting or stopping; try again shortly", code: 503 });
  });
});
