// The floor: a bare node:http server answering POST /opik/auth by calling the same lib/verify through
// the same database driver as the product, with no framework. `npm run bench` loads it beside the
// product to measure what the routing layer costs.
import { createServer } from "node:http";
import { getDbHandle } from "@/db/client";
import { verifyApiKey } from "@/lib/verify";

const port = Number(process.env.PORT) || 3999;
getDbHandle();

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      let workspaceName: unknown;
      try {
        workspaceName = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { workspaceName?: unknown }).workspaceName;
      } catch {
        workspaceName = undefined;
      }
      const result = await verifyApiKey(req.headers.authorization ?? "", typeof workspaceName === "string" ? workspaceName : "");
      const body = result.valid
        ? JSON.stringify({ user: result.serviceAccount.name, workspaceId: result.workspace?.id, workspaceName: result.workspace?.name, quotas: [] })
        : JSON.stringify({ msg: result.message, code: 401 });
      res.writeHead(result.valid ? 200 : 401, { "content-type": "application/json" }).end(body);
    })().catch(() => res.writeHead(503).end());
  });
}).listen(port, "127.0.0.1", () => console.info(`[floor] ready on ${port}`));
