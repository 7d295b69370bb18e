// The markdown summary `npm run bench` prints.
type Load = { rps: number; errors: number; non2xx: number; p50: number; p99: number; max: number };
type Report = {
  driver: string;
  quick: boolean;
  seed: { accounts: number; keys: number; workspaces: number };
  hotPath: Partial<Record<"product" | "floor" | "constant" | "redis", { saturation: Load; fixedRate: Load }>> & { ratio: number; redisSkipped?: string };
  revocation: unknown;
  listPage: { results: Record<string, Record<string, { p50: number; p95: number }>>; growth: Record<string, number> };
};

export function markdown(r: Report): string {
  const lines = [
    `## ${r.driver}${r.quick ? " (quick)" : ""}: ${r.seed.accounts.toLocaleString("en")} accounts, ${r.seed.keys.toLocaleString("en")} keys, ${r.seed.workspaces} workspaces`,
    "",
    "| POST /opik/auth | saturation req/s (64 conn.) | errors | non-2xx | p50 ms @1,000/s | p99 ms @1,000/s | max ms @1,000/s |",
    "|---|---|---|---|---|---|---|",
  ];
  const names = { product: "product", floor: "floor (database, no cache)", constant: "constant 200 (bare node:http)", redis: "one Redis HGETALL per check" } as const;
  for (const name of Object.keys(names) as (keyof typeof names)[]) {
    const x = r.hotPath[name];
    if (!x) continue;
    lines.push(`| ${names[name]} | ${x.saturation.rps} | ${x.saturation.errors} | ${x.saturation.non2xx} | ${x.fixedRate.p50} | ${x.fixedRate.p99} | ${x.fixedRate.max} |`);
  }
  if (r.hotPath.redisSkipped) lines.push("", `Redis row skipped: ${r.hotPath.redisSkipped}`);
  lines.push("", `product / floor at saturation: **${Math.round(r.hotPath.ratio * 100)}%** (target ≥ 70%)`);
  const { product, constant, redis } = r.hotPath;
  if (product && constant) lines.push(`product / constant 200: **${Math.round((product.saturation.rps / constant.saturation.rps) * 100)}%** (issue 15 target ≥ 50%)`);
  if (product && redis) lines.push(`product / Redis HGETALL: **${Math.round((product.saturation.rps / redis.saturation.rps) * 100)}%** (issue 15 target > 100%)`);
  lines.push("");
  lines.push("Revocation under load:", "", "```", JSON.stringify(r.revocation, null, 2), "```", "");
  const sizes = Object.keys(r.listPage.results);
  lines.push(`| list page p50 / p95 ms | ${sizes.map((s) => Number(s).toLocaleString("en")).join(" | ")} | growth p50 |`);
  lines.push(`|---|${sizes.map(() => "---").join("|")}|---|`);
  for (const label of Object.keys(r.listPage.growth)) {
    const cells = sizes.map((s) => `${r.listPage.results[s]![label]!.p50} / ${r.listPage.results[s]![label]!.p95}`);
    lines.push(`| ${label} | ${cells.join(" | ")} | ${r.listPage.growth[label]}× |`);
  }
  return lines.join("\n");
}
