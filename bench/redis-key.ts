import { createHash } from "node:crypto";

/** Where a key's hash lives in Redis for the bench's "Opik cache hit" server. */
export const redisKeyOf = (key: string) => `sa-bench:${createHash("sha256").update(key).digest("hex")}`;

/** The Redis the bench's "Opik cache hit" row uses: BENCH_REDIS_HOST and BENCH_REDIS_PORT, 127.0.0.1:6379 by default. */
export const redisAddress = () => ({ host: process.env.BENCH_REDIS_HOST ?? "127.0.0.1", port: Number(process.env.BENCH_REDIS_PORT ?? 6379) });
