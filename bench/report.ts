// The markdown summary `npm run bench` prints.
import type { RevocationRun } from "./revocation";

type Load = { rps: number; errors: number; non2xx: number; p50: number; p99: number; max: number };
type Runs = { saturation: Load; fixedRate: Load }[];
type Report = {
  driver: string;
  quick: boolean;
  seed: { accounts: number; keys: number; workspaces: number; workingSet?: number };
  hotPath: { runs: Partial<Record<"product" | "floor" | "constant" | "redis", Runs>>; memory: Record<string, unknown> | null; ratio: number; redisSkipped?: string };
  revocation: RevocationRun[] | { skipped: string };
  listPage: { results: Record<string, Record<string, { p50: number; p95: number }>>; growth: Record<string, number> };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export function markdown(r: Report): string {
  const lines = [
    `## ${r.driver}${r.quick ? " (quick)" : ""}: ${r.seed.accounts.toLocaleString("en")} accounts, ${r.seed.keys.toLocaleString("en")} keys, ${r.seed.workspaces} workspaces`,
    "",
    "| POST /opik/auth | saturation req/s (64 conn.), each run | errors | non-2xx | p50 ms @1,000/s, each run | p99 ms @1,000/s, each run | max ms @1,000/s |",
    "|---|---|---|---|---|---|---|",
  ];
  const names = { product: "product", floor: "floor (database, no cache)", constant: "constant 200 (bare node:http)", redis: "one Redis HGETALL per check" } as const;
  const each = (runs: Runs, pick: (x: { saturation: Load; fixedRate: Load }) => number) => runs.map(pick).join(" / ");
  for (const name of Object.keys(names) as (keyof typeof names)[]) {
    const runs = r.hotPath.runs[name];
    if (!runs) continue;
    const sum = (pick: (x: { saturation: Load; fixedRate: Load }) => number) => runs.reduce((n, x) => n + pick(x), 0);
    lines.push(
      `| ${names[name]} | ${each(runs, (x) => x.saturation.rps)} | ${sum((x) => x.saturation.errors + x.fixedRate.errors)} | ${sum((x) => x.saturation.non2xx)} | ${each(runs, (x) => x.fixedRate.p50)} | ${each(runs, (x) => x.fixedRate.p99)} | ${Math.max(...runs.map((x) => x.fixedRate.max))} |`,
    );
  }
  if (r.hotPath.redisSkipped) lines.push("", `Redis row skipped: ${r.hotPath.redisSkipped}`);
  const rps = (name: keyof typeof names) => median((r.hotPath.runs[name] ?? []).map((x) => x.saturation.rps));
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
  lines.push("", `Medians of the runs: product / floor **${pct(rps("product"), rps("floor"))}** (target ≥ 70%)`);
  if (r.hotPath.runs.constant) lines.push(`product / constant 200: **${pct(rps("product"), rps("constant"))}** (issue 15 target ≥ 50%)`);
  if (r.hotPath.runs.redis) lines.push(`product / Redis HGETALL: **${pct(rps("product"), rps("redis"))}** (issue 15 target > 100%)`);
  if (r.hotPath.memory) lines.push("", `Memory: ${JSON.stringify(r.hotPath.memory)}`);
  lines.push("");
  if ("skipped" in r.revocation) lines.push(`Revocation under load: skipped (${r.revocation.skipped})`, "");
  else {
    lines.push("| revocation under load | changes | checks | checks of a changed key sent after its change returned | of those accepted | acknowledgement ms p50 / max |", "|---|---|---|---|---|---|");
    for (const run of r.revocation) {
      const label = `${run.instances} instance${run.instances > 1 ? "s" : ""}, ${run.change}${run.cut ? `, second cut halfway (${run.cutConnections} connections)` : ""}`;
      lines.push(`| ${label} | ${run.changes} | ${run.requests} | ${run.checksAfterChange} | ${run.acceptedAfterChange} | ${run.ackMs.p50} / ${run.ackMs.max} |`);
    }
    lines.push("");
  }
  const sizes = Object.keys(r.listPage.results);
  if (sizes.length === 0) return lines.join("\n");
  lines.push(`| list page p50 / p95 ms | ${sizes.map((s) => Number(s).toLocaleString("en")).join(" | ")} | growth p50 |`);
  lines.push(`|---|${sizes.map(() => "---").join("|")}|---|`);
  for (const label of Object.keys(r.listPage.growth)) {
    const cells = sizes.map((s) => `${r.listPage.results[s]![label]!.p50} / ${r.listPage.results[s]![label]!.p95}`);
    lines.push(`| ${label} | ${cells.join(" | ")} | ${r.listPage.growth[label]}× |`);
  }
  return lines.join("\n");
}
