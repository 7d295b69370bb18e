// The machine's limit for one HTTP answer (issue 15): a bare node:http server that reads the body
// of POST /opik/auth and answers a constant 200, nothing else. The product cannot beat it.
import { createServer } from "node:http";

const port = Number(process.env.PORT) || 3999;
const body = JSON.stringify({ user: "constant", workspaceId: "0", workspaceName: "constant", quotas: [] });

createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
}).listen(port, "127.0.0.1", () => console.info(`[constant] ready on ${port}`));
