// Redis for the "one HGETALL per check" row (bench/redis-server.ts): reachable or not, and filled
// with every key of the load under the same names the server reads.
import { Redis } from "ioredis";
import { redisAddress, redisKeyOf } from "./redis-key";
import type { SeededKey } from "./seed";

const connect = () =>
  new Redis({ ...redisAddress(), lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });

/** Why the Redis row cannot run (no Redis on BENCH_REDIS_HOST:BENCH_REDIS_PORT), or null when it can. */
export async function redisUnavailable(): Promise<string | null> {
  const redis = connect();
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `no Redis at ${redisAddress().host}:${redisAddress().port} (${error instanceof Error ? error.message : "error"})`;
  } finally {
    redis.disconnect();
  }
}

/** Writes one hash per key; returns what removes them again. */
export async function fillRedis(keys: SeededKey[]): Promise<() => Promise<void>> {
  const redis = connect();
  await redis.connect();
  const names = keys.map((k) => redisKeyOf(k.key));
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = redis.pipeline();
    keys.slice(i, i + 1000).forEach((k, j) => batch.hset(names[i + j]!, { user: k.serviceAccountId, workspaceId: k.workspace, workspaceName: k.workspace }));
    await batch.exec();
  }
  return async () => {
    for (let i = 0; i < names.length; i += 1000) await redis.del(...names.slice(i, i + 1000));
    redis.disconnect();
  };
}
