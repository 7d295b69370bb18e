// Revocation under load (issue 15): keys are deleted or disabled through lib/domain (the dashboard
// action's function) while instances answer checks from memory; a check of a revoked key sent
// after its change returned must never succeed. Also times each change from its call to its return:
// the acknowledgement latency, which on Postgres includes waiting for every instance's lease.
import postgres from "postgres";
import { getDb } from "@/db/client";
import { findCredentialsByEmail } from "@/db/queries/administrators";
import { deleteApiKey } from "@/lib/domain/api-keys";
import { setApiKeyDisabled } from "@/lib/domain/key-lifecycle";
import { load, mixedPicker } from "./load";
import { BENCH_ADMIN, type SeededKey } from "./seed";
import type { Running } from "./servers";

export type RevocationRun = {
  instances: number;
  change: "delete" | "disable";
  cut: boolean;
  changes: number;
  requests: number;
  checksAfterChange: number;
  acceptedAfterChange: number;
  ackMs: { p50: number; max: number; all: number[] };
  cutConnections?: number;
};

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * `targets.length` changes spread over `durationS` while every instance in `at` is loaded (32
 * connections shared between them; 30% of the checks go to the targets). With `cut`, the last
 * instance's database connections (application_name `appName*`) are terminated halfway.
 */
export async function revocationRun(opts: {
  at: Running[];
  keys: SeededKey[];
  targets: SeededKey[];
  change: "delete" | "disable";
  durationS: number;
  cut?: { adminUrl: string; appName: string };
}): Promise<RevocationRun> {
  const admin = await findCredentialsByEmail(getDb(), BENCH_ADMIN.email);
  if (!admin) throw new Error("bench administrator missing");
  const changedAt = new Map<string, number>();
  const result = { checksAfterChange: 0, acceptedAfterChange: 0 };
  const mixed = mixedPicker(opts.keys);
  const pick = () => (Math.random() < 0.3 ? opts.targets[Math.floor(Math.random() * opts.targets.length)]! : mixed());
  const onResponse = (key: string, sentAt: number, status: number) => {
    const at = changedAt.get(key);
    if (at === undefined || sentAt <= at) return;
    result.checksAfterChange++;
    if (status === 200) result.acceptedAfterChange++;
  };
  const perInstance = Math.max(1, Math.floor(32 / opts.at.length));
  const running = Promise.all(opts.at.map((server) => load(server.url, { connections: perInstance, durationS: opts.durationS }, pick, onResponse)));
  const gap = (opts.durationS * 1000) / (opts.targets.length + 2);
  const acks: number[] = [];
  let cutConnections: number | undefined;
  for (const [i, target] of opts.targets.entries()) {
    await new Promise((r) => setTimeout(r, gap));
    if (opts.cut && i === Math.floor(opts.targets.length / 2)) cutConnections = await cutInstance(opts.cut.adminUrl, opts.cut.appName);
    const ref = { serviceAccountId: target.serviceAccountId, keyId: target.id };
    const ctx = { actor: admin, clientAddress: "bench" };
    const began = performance.now();
    const done = opts.change === "delete" ? await deleteApiKey(ref, ctx) : await setApiKeyDisabled({ ...ref, disabled: true }, ctx);
    acks.push(performance.now() - began);
    if (!done.ok) throw new Error(`${opts.change} failed: ${done.message}`);
    changedAt.set(target.key, Date.now());
  }
  const loads = await running;
  const sorted = [...acks].sort((a, b) => a - b);
  return {
    instances: opts.at.length,
    change: opts.change,
    cut: Boolean(opts.cut),
    changes: acks.length,
    requests: loads.reduce((n, r) => n + r.total, 0),
    ...result,
    ackMs: { p50: round(sorted[Math.floor(sorted.length / 2)] ?? 0), max: round(sorted.at(-1) ?? 0), all: acks.map(round) },
    ...(cutConnections === undefined ? {} : { cutConnections }),
  };
}

/** Terminates every database connection of one instance (its pools, its LISTEN and lease connections). */
async function cutInstance(adminUrl: string, appName: string): Promise<number> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name like ${`${appName}%`}`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
