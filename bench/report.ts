// The markdown summary `npm run bench` prints.
type Load = { rps: number; errors: number; non2xx: number; p50: number; p99: number; max: number };
type Report = {
  driver: string;
  quick: boolean;
  seed: { accounts: number; keys: number; workspaces: number };
  hotPath: { product?: { saturation: Load; fixedRate: Load }; floor?: { saturation: Load; fixedRate: Load }; ratio: number };
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
  for (const name of ["product", "floor"] as const) {
    const x = r.hotPath[name];
    if (!x) continue;
    lines.push(`| ${name} | ${x.saturation.rps} | ${x.saturation.errors} | ${x.saturation.non2xx} | ${x.fixedRate.p50} | ${x.fixedRate.p99} | ${x.fixedRate.max} |`);
  }
  lines.push("", `product / floor at saturation: **${Math.round(r.hotPath.ratio * 100)}%** (target ≥ 70%)`, "");
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
