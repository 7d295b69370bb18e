import { getDb } from "@/db/client";
import { writeLastUsed } from "@/db/queries/auth-api";
import { describeError } from "@/lib/errors";

/**
 * "Last used" without a write on the hot path: a successful check only notes the key in memory;
 * a timer flushes the notes in the background. A key is written at most once per minute
 * (COALESCE_MS); the time shown is therefore accurate to about a minute.
 */
const COALESCE_MS = 60_000;

type Use = { keyId: string; serviceAccountId: string; at: Date };

class LastUsedCoalescer {
  private pending = new Map<string, Use>();
  private written = new Map<string, number>();
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
    for (const use of batch) this.written.set(use.keyId, use.at.getTime());
    this.flushing = writeLastUsed(getDb(), batch)
      .catch((error: unknown) => {
        console.error(`[last-used] could not record key use: ${describeError(error)}`);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
    if (this.written.size > 100_000) this.written.clear(); // bounded memory; worst case one extra write per key
  }
}

const store = globalThis as typeof globalThis & { __serviceAccountsLastUsed?: LastUsedCoalescer };

export function lastUsed(): LastUsedCoalescer {
  store.__serviceAccountsLastUsed ??= new LastUsedCoalescer(Number(process.env.LAST_USED_FLUSH_MS) || 10_000);
  return store.__serviceAccountsLastUsed;
}
