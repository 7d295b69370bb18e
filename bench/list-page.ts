// Authenticated server responses of the Service Accounts page, timed from request to last byte.
import { BENCH_ADMIN } from "./seed";

/** Signs in through Auth.js's credentials endpoint and returns the Cookie header to send. */
export async function signIn(base: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ csrfToken, email: BENCH_ADMIN.email, password: BENCH_ADMIN.password, callbackUrl: base }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session.split(";")[0]!;
}

/**
 * The four page views timed at each size. The search matches the same 100 accounts
 * (svc-000400 … svc-000499) at every size, so its growth is that of the table, not of the result.
 */
export const LIST_QUERIES = {
  "first page": "",
  search: "?q=svc-0004",
  "sort by last used": "?sort=lastUsedAt&dir=desc",
  "late page": "?page=LAST&size=20",
} as const;

export async function timeListPage(base: string, cookie: string, query: string, samples: number) {
  const times: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/admin/service-accounts${query}`, { headers: { cookie } });
    const html = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200 || !html.includes("Service Accounts")) throw new Error(`list page answered ${res.status}`);
    if (i >= 3) times.push(ms); // the first three warm caches and JIT
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: Math.round(at(0.5) * 10) / 10, p95: Math.round(at(0.95) * 10) / 10 };
}
