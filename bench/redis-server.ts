// What Opik's own cache hit costs (issue 15): a bare node:http server that answers POST /opik/auth
// with one Redis HGETALL of the key's SHA-256 per check, as Opik's backend does when its
// key-resolution cache holds the key. bench/run.ts fills Redis with the keys of the load first.
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { redisAddress, redisKeyOf } from "./redis-key";

const port = Number(process.env.PORT) || 3999;
const redis = new Redis(redisAddress());

createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    redis
      .hgetall(redisKeyOf(req.headers.authorization ?? ""))
      .then((found) => {
        if (!found.user) return void res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ msg: "API key is invalid", code: 401 }));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ user: found.user, workspaceId: found.workspaceId, workspaceName: found.workspaceName, quotas: [] }));
      })
      .catch(() => res.writeHead(503).end());
  });
}).listen(port, "127.0.0.1", () => console.info(`[redis] ready on ${port}`));
