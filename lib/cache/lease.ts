import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import postgres from "postgres";
import { affectsKeyChecks, CHANGE_CHANNEL, LEASE } from "@/db/change-barrier";
import { POSTGRES_CONNECT_TIMEOUT_S, postgresBackoff } from "@/db/client";
import type { CheckCache, FlushReason } from "./check-cache";

type Timing = { ms: number; renewMs: number; marginMs: number; echoTimeoutMs: number };
type Ping = { n: number; sentAt: number; renewed: boolean; echoed: boolean };

export type LeaseStats = { acksWritten: number; listenRestarts: number; leaseLosses: number };

/**
 * Lets an instance on Postgres serve key checks from memory (issue 15, docs/operations.md "Key
 * checks from memory"). Its own connection LISTENs on the change channel and empties the cache at
 * every change that can alter a check; its lease in `cache_instances` tells changes to wait for it
 * (db/change-barrier.ts). The rules that make a check from memory never outlive an acknowledged
 * change:
 *
 * - Each renewal also sends a ping (NOTIFY 'p:<id>:<n>') in the same statement. Serving is extended
 *   only when the renewal succeeded and its ping came back on the LISTEN connection: a connection
 *   that delivers the ping has delivered every change committed before it. The new end is local:
 *   the time the renewal was *sent* plus the lease, less a margin, so it falls before the end the
 *   database recorded (from when the statement ran) whatever the two clocks say (only the rate of
 *   time matters, not its value).
 * - No renewal is sent while the previous ping has not come back, so a LISTEN connection that
 *   stalls stops renewing at once, and its lease runs out within LEASE.ms; after echoTimeoutMs the
 *   connection is replaced.
 * - Barriers ('b:<n>') are acknowledged at once (and again with every renewal). A renewal only
 *   extends a lease still fresh in the database; a lapsed one is registered afresh.
 * - The cache is emptied only when a change may have been missed (issue 28): when the LISTEN
 *   connection broke or was replaced, and when the lease ran out in the database (changes may have
 *   stopped waiting for this instance); every (re)registration empties it again after it. A renewal
 *   that merely came back late (a busy event loop or database) closes the serving window for that
 *   while, and the cache keeps its rows: the connection lost nothing, and a change acknowledged
 *   meanwhile was either heard (and emptied the cache) or stopped waiting because the lease ran out,
 *   which the next renewal finds. The margin between the serving window and the lease in the
 *   database is what a late renewal can take and still find its lease fresh.
 */
export class CacheLease {
  readonly id = randomUUID();
  readonly stats: LeaseStats = { acksWritten: 0, listenRestarts: 0, leaseLosses: 0 };
  private readonly sql: postgres.Sql;
  private listener: postgres.Sql | null = null;
  private registered = false;
  private processed = 0;
  private acked = 0;
  private acking = false;
  private ping: Ping | null = null;
  private pings = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private stopped = false;
  /** Tests: hold notifications instead of handling them (a stalled LISTEN connection). */
  hold: ((payload: string) => boolean) | null = null;

  constructor(
    private readonly cache: CheckCache,
    private readonly url: string,
    private readonly timing: Timing = LEASE,
    private readonly name = "sa-check-cache",
  ) {
    this.sql = postgres(url, this.options(`${name}-lease`));
  }

  private options(applicationName: string): postgres.Options<Record<string, never>> {
    return {
      max: 1,
      onnotice: () => {},
      connect_timeout: POSTGRES_CONNECT_TIMEOUT_S,
      backoff: postgresBackoff,
      connection: { application_name: applicationName },
    };
  }

  /** Starts listening and renewing; serving begins with the first renewal whose ping comes back. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.timing.renewMs);
    this.timer.unref();
    void this.tick();
  }

  /** Stops serving and gives the lease back, so changes stop waiting for this instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.cache.stopServing(null);
    await this.sql`delete from cache_instances where id = ${this.id}`.catch(() => {});
    await Promise.all([this.listener?.end({ timeout: 1 }), this.sql.end({ timeout: 1 })]).catch(() => {});
  }

  /** The application_name of this instance's LISTEN connection (tests cut it with pg_terminate_backend). */
  get listenerName(): string {
    return `${this.name}-listen`;
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      if (!this.listener) await this.connect();
      else if (this.ping && !this.ping.echoed) {
        // The last ping has not come back: no renewal until it does; replace a connection that stalled.
        if (performance.now() - this.ping.sentAt > this.timing.echoTimeoutMs) {
          // A busy event loop runs its timers before it reads its sockets: let it read what has
          // arrived before taking a late echo for a stalled connection (issue 28).
          await new Promise((resolve) => setImmediate(resolve));
          if (this.ping && !this.ping.echoed && !this.stopped) await this.restartListener();
        }
      } else if (!this.registered) await this.register();
      else await this.renew();
    } catch {
      // The database did not answer: the lease runs out and checks read the database (and fail
      // fast while it is down); the next tick tries again.
    } finally {
      this.ticking = false;
    }
  }

  private async connect(): Promise<void> {
    const listener = postgres(this.url, this.options(this.listenerName));
    this.listener = listener;
    let first = true;
    try {
      await listener.listen(CHANGE_CHANNEL, (payload) => this.onNotify(payload), () => {
        // postgres.js listens again by itself after its connection broke: anything sent meanwhile
        // was lost, so this instance starts over (registers and empties its cache).
        if (!first) this.startOver("reconnect");
        first = false;
      });
    } catch (error) {
      this.listener = null;
      await listener.end({ timeout: 0 }).catch(() => {});
      throw error;
    }
    this.startOver(null);
  }

  private async restartListener(): Promise<void> {
    this.stats.listenRestarts++;
    this.startOver("reconnect");
    const old = this.listener;
    this.listener = null;
    await old?.end({ timeout: 0 }).catch(() => {});
  }

  /** A change may have been missed: stop serving and forget; the next tick registers again. */
  private startOver(reason: FlushReason | null): void {
    this.cache.stopServing(reason);
    this.registered = false;
    this.ping = null;
  }

  private async register(): Promise<void> {
    const [row] = await this.sql<{ acked: string }[]>`
      insert into cache_instances (id, lease_until, acked_seq, host)
      values (${this.id}, now() + ${this.timing.ms} * interval '1 millisecond',
              (select case when is_called then last_value else 0 end from sa_change_seq), ${`${hostname()}:${process.pid}`})
      on conflict (id) do update set lease_until = excluded.lease_until, acked_seq = excluded.acked_seq
      returning acked_seq::text as acked`;
    // Every barrier up to this number was taken after its change committed, and so before now:
    // emptied here, the cache holds nothing read before any of those changes.
    this.cache.forget();
    this.processed = Math.max(this.processed, Number(row!.acked));
    this.acked = this.processed;
    this.registered = true;
    await this.sql`delete from cache_instances where lease_until < now() - interval '1 hour'`;
    await this.renew();
  }

  private async renew(): Promise<void> {
    const ping: Ping = { n: ++this.pings, sentAt: performance.now(), renewed: false, echoed: false };
    this.ping = ping;
    const acked = this.processed;
    const [row] = await this.sql<{ renewed: number }[]>`
      with r as (
        update cache_instances set lease_until = clock_timestamp() + ${this.timing.ms} * interval '1 millisecond',
               acked_seq = greatest(acked_seq, ${acked}::bigint)
        where id = ${this.id} and lease_until > clock_timestamp() returning 1)
      select (select count(*) from r)::int as renewed, pg_notify(${CHANGE_CHANNEL}, ${`p:${this.id}:${ping.n}`})`;
    if (row!.renewed === 0) {
      // The lease ran out in the database: changes may have stopped waiting for this instance.
      this.stats.leaseLosses++;
      this.startOver("lease_lost");
      return;
    }
    this.acked = Math.max(this.acked, acked);
    ping.renewed = true;
    this.grant(ping);
  }

  /** A renewal that succeeded and whose ping came back extends serving (see the class comment). */
  private grant(ping: Ping): void {
    if (ping !== this.ping || !ping.renewed || !ping.echoed || this.stopped) return;
    const end = ping.sentAt + this.timing.ms - this.timing.marginMs;
    // Came back after its own window: renew at once rather than at the next tick, to end the lapse sooner.
    if (end <= performance.now()) setImmediate(() => void this.tick());
    this.cache.serveUntil(end);
  }

  private onNotify(payload: string): void {
    if (this.hold?.(payload)) return;
    this.handle(payload);
  }

  /** Handles one notification (tests hand held ones back through here). */
  handle(payload: string): void {
    if (payload.startsWith("p:")) {
      const ping = this.ping;
      if (ping && payload === `p:${this.id}:${ping.n}`) {
        ping.echoed = true;
        this.grant(ping);
      }
      return;
    }
    if (payload.startsWith("b:")) {
      // The change before this barrier has emptied the cache already (commit order): acknowledge.
      const seq = Number(payload.slice(2));
      if (Number.isSafeInteger(seq) && seq > this.processed) this.processed = seq;
      void this.acknowledge();
      return;
    }
    if (affectsKeyChecks(payload)) this.cache.invalidateAll();
  }

  private async acknowledge(): Promise<void> {
    if (this.acking || !this.registered) return;
    this.acking = true;
    try {
      while (this.processed > this.acked && !this.stopped) {
        const seq = this.processed;
        await this.sql`update cache_instances set acked_seq = greatest(acked_seq, ${seq}::bigint) where id = ${this.id}`;
        this.acked = Math.max(this.acked, seq);
        this.stats.acksWritten++;
      }
    } catch {
      // Renewals carry the acknowledgement too.
    } finally {
      this.acking = false;
    }
  }
}
