import { createHash } from "node:crypto";

/** Where a key's hash lives in Redis for the bench's "Opik cache hit" server. */
export const redisKeyOf = (key: string) => `sa-bench:${createHash("sha256").update(key).digest("hex")}`;
