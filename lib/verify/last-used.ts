import { setTimeout as sleep } from "node:timers/promises";
import { getDb, getDbHandle } from "@/db/client";
import { LAST_USED_CHUNK, writeLastUsed } from "@/db/queries/auth-api";
import { describeError } from "@/lib/errors";

/**
 * "Last used" without a write on the hot path: a successful check only notes the key in memory;
 * a timer flushes the notes in the background. A key is written at most once per minute
 * (COALESCE_MS); the time shown is therefore accurate to about a minute.
 */
const COALESCE_MS = 60_000;
/**
 * How a flush of many keys (a busy instance's first minute) shares the database with key checks:
 * after each statement pair it waits twice as long as that pair took (at least 10 ms), so writing
 * "last used" never takes more than a third of the database's time. On a small machine a flush
 * written flat out showed as key-check latency spikes, and on PGlite, which runs one statement at
 * a time on this process's own thread, as a backlog of seconds (README "Benchmarks").
 */
const MIN_PAUSE_MS = 10;
const PAUSE_PER_MS_WRITING = 2;
/** Keys per statement pair; on PGlite 25 keys hold up the key checks for a few milliseconds only. */
const chunkSize = () => (getDbHandle().driver === "pglite" ? 25 : LAST_USED_CHUNK);

type Use = { keyId: string; serviceAccountId: string; at: Date; skipAccount?: boolean };

class LastUsedCoalescer {
  private pending = new Map<string, Use>();
  private written = new Map<string, number>();
  /** Accounts too: an account with many keys in use is written once a minute, not once per key. */
  private writtenAccounts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly flushEveryMs: number) {}

  record(keyId: string, serviceAccountId: string, now = Date.now()): void {
    const last = this.written.get(keyId);
    if ((last !== undefined && now - last < COALESCE_MS) || this.pending.has(keyId)) return;
    this.pending.set(keyId, { keyId, serviceAccountId, at: new Date(now) });
    this.timer ??= setTimeout(() => void this.flush(), this.flushEveryMs).unref();
  }

  /** Writes what is pending; called by the timer and on shutdown. Failures are logged, never thrown. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (batch.length === 0) return;
    for (const use of batch) {
      const at = use.at.getTime();
      this.written.set(use.keyId, at);
      const account = this.writtenAccounts.get(use.serviceAccountId);
      use.skipAccount = account !== undefined && at - account < COALESCE_MS;
      if (!use.skipAccount) this.writtenAccounts.set(use.serviceAccountId, at);
    }
    this.flushing = writeInChunks(batch)
      .catch((error: unknown) => {
        console.error(`[last-used] could not record key use: ${describeError(error)}`);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
    // Bounded memory; the worst case is one extra write per key or account.
    if (this.written.size > 100_000) this.written.clear();
    if (this.writtenAccounts.size > 100_000) this.writtenAccounts.clear();
  }
}

async function writeInChunks(uses: Use[]): Promise<void> {
  const size = chunkSize();
  for (let i = 0; i < uses.length; i += size) {
    const started = performance.now();
    await writeLastUsed(getDb(), uses.slice(i, i + size));
    if (i + size < uses.length) await sleep(Math.max(MIN_PAUSE_MS, PAUSE_PER_MS_WRITING * (performance.now() - started)));
  }
}

const store = globalThis as typeof globalThis & { __serviceAccountsLastUsed?: LastUsedCoalescer };

export function lastUsed(): LastUsedCoalescer {
  store.__serviceAccountsLastUsed ??= new LastUsedCoalescer(Number(process.env.LAST_USED_FLUSH_MS) || 10_000);
  return store.__serviceAccountsLastUsed;
}
