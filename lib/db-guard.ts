import { sql } from "drizzle-orm";
import { getDb, getDbHandle, getKeyCheckDb } from "@/db/client";
import { newDeadline, runWithDeadline } from "@/db/deadline";
import { isDatabaseUnavailable, withDeadline } from "@/lib/db-health";

/**
 * How long any request waits for the database: the authentication API's checks (Opik gives up
 * after 2 s) and the dashboard's pages and actions alike (README "Database outage").
 */
export const DB_DEADLINE_MS = 1_500;

/** While the circuit is open, the database is probed (`select 1`) this often. */
export const CIRCUIT_PROBE_MS = 250;

/** Thrown at once for database work while the circuit is open. */
export class DatabaseCircuitOpenError extends Error {
  readonly code = "DATABASE_CIRCUIT_OPEN";
  constructor() {
    super("the database is unreachable (circuit open): not tried");
    this.name = "DatabaseCircuitOpenError";
  }
}

type Pending = (error: Error) => void;

/**
 * The database circuit. Closed while Postgres answers. The first failure that says the database is
 * unreachable (refused or reset connections, a connect timeout; never a constraint violation or a
 * bug) opens it. A passed deadline alone may mean a busy server rather than a lost one, so it opens
 * the circuit only when a probe asked at once does not answer either. Once open, database work fails at once with
 * DatabaseCircuitOpenError instead of queueing behind connection attempts until its deadline,
 * and so does work already waiting (its query is left to fail on its own). While open, a
 * background probe asks `select 1` every CIRCUIT_PROBE_MS; its first success closes the circuit.
 * No request is ever the probe, so none waits for it.
 *
 * Not a library: opossum and its kind open on a failure rate, let a real request through as the
 * probe, and cannot fail work already waiting; all three mattered here (issue 10, item 4). A
 * failure of work that began before the last close never reopens the circuit (its epoch is stale).
 */
export class DatabaseCircuit {
  #open = false;
  #confirming = false;
  #epoch = 0;
  #openedAt = 0;
  #probeTimer: NodeJS.Timeout | undefined;
  readonly #pending = new Set<Pending>();

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly probeEveryMs = CIRCUIT_PROBE_MS,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Runs `work` unless the circuit is open; an "unreachable" failure of it opens the circuit.
   * `onAbandoned` is called when the circuit opens while `work` is still running and its caller
   * is answered with the error (the work itself goes on: it cannot be taken back).
   */
  async run<T>(work: () => Promise<T>, onAbandoned?: () => void): Promise<T> {
    if (this.#open) throw new DatabaseCircuitOpenError();
    const epoch = this.#epoch;
    let reject: Pending = () => {};
    const failedFast = new Promise<never>((_, r) => {
      reject = (error) => {
        onAbandoned?.();
        r(error);
      };
    });
    this.#pending.add(reject);
    const running = work();
    running.catch(() => {}); // a failure after the circuit opened is not unhandled
    try {
      return await Promise.race([running, failedFast]);
    } catch (error) {
      if (epoch === this.#epoch && isDatabaseUnavailable(error)) {
        if (isTimeout(error)) this.#confirm();
        else this.#trip();
      }
      throw error;
    } finally {
      this.#pending.delete(reject);
    }
  }

  /** A deadline passed: open only if the database does not answer a probe either. */
  #confirm(): void {
    if (this.#open || this.#confirming) return;
    this.#confirming = true;
    const epoch = this.#epoch;
    this.probe().then(
      () => (this.#confirming = false),
      () => {
        this.#confirming = false;
        if (epoch === this.#epoch) this.#trip();
      },
    );
  }

  #trip(): void {
    if (this.#open) return;
    this.#open = true;
    this.#openedAt = Date.now();
    this.log(`[db] the database is unreachable: database work fails at once until a probe every ${this.probeEveryMs} ms succeeds`);
    const waiting = [...this.#pending];
    this.#pending.clear();
    for (const reject of waiting) reject(new DatabaseCircuitOpenError());
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    this.#probeTimer = setTimeout(() => {
      this.probe().then(
        () => this.#close(),
        () => this.#scheduleProbe(),
      );
    }, this.probeEveryMs);
    this.#probeTimer.unref?.();
  }

  #close(): void {
    this.#open = false;
    this.#epoch++;
    clearTimeout(this.#probeTimer);
    this.log(`[db] the database answers again after ${Math.round((Date.now() - this.#openedAt) / 100) / 10} s`);
  }
}

const isTimeout = (error: unknown) => (error as { code?: unknown } | null)?.code === "DATABASE_TIMEOUT";

// One circuit per process, shared by server.ts's modules and Next.js's bundles.
const store = globalThis as typeof globalThis & { __serviceAccountsDbCircuit?: DatabaseCircuit };

/**
 * The process's circuit for its Postgres server. The probe asks both pools (key checks' and the
 * dashboard's): after an outage each reconnects on its own, and closing the circuit while one of
 * them is still reconnecting would send requests into a pool that cannot answer yet.
 */
export function databaseCircuit(): DatabaseCircuit {
  return (store.__serviceAccountsDbCircuit ??= new DatabaseCircuit(() =>
    withDeadline(Promise.all([getKeyCheckDb().execute(sql`select 1`), getDb().execute(sql`select 1`)]), DB_DEADLINE_MS),
  ));
}

/**
 * Database work of one request: refused at once while the circuit is open (Postgres), else given
 * DB_DEADLINE_MS. PGlite runs in this process and cannot be unreachable, so it only gets the deadline.
 */
export function guardDb<T>(work: () => Promise<T>, ms = DB_DEADLINE_MS): Promise<T> {
  if (getDbHandle().driver !== "postgres") return withDeadline(work(), ms);
  return databaseCircuit().run(() => withDeadline(work(), ms));
}

/**
 * A dashboard page's or action's database work on Postgres: refused at once while the circuit is
 * open, each query given `ms`, and every transaction it opens checks the deadline before committing (db/deadline.ts), so nothing commits after the
 * request was answered with an error. On PGlite, which runs in this process and can neither freeze
 * nor become unreachable, a page or action runs without a deadline: a slow moment of the one
 * database thread (a large write, a checkpoint) must not fail an administrator's change.
 */
export function guardRequest<T>(work: () => Promise<T>, ms = DB_DEADLINE_MS): Promise<T> {
  if (getDbHandle().driver !== "postgres") return work();
  // Each query gets `ms` (database time, not the time spent rendering between queries); answered
  // early by the circuit, the work is abandoned and none of its transactions commits.
  const deadline = newDeadline(ms);
  return databaseCircuit().run(
    () => runWithDeadline(ms, work, deadline),
    () => (deadline.timedOut = true),
  );
}
