// The container's HEALTHCHECK: GET /api/health on the address the server listens on. HOST may be a
// specific address (then 127.0.0.1 may not answer), a wildcard (then loopback does) or unset (the
// server listens on every address); IPv6 literals are bracketed.
const port = Number(process.env.PORT) || 3000;
const host = process.env.HOST?.trim() ?? "";
const target = host === "" || host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
const url = `http://${target.includes(":") ? `[${target}]` : target}:${port}/api/health`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
