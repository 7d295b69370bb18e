import { isPattern, subjectMatches } from "./subject-pattern";

/**
 * Which trusted pipeline a verified token matches (docs/keyless-ci.md "Which pipeline wins").
 * A policy matches when the token's `aud` holds its audience, its `sub` matches one of its
 * subjects and every claim condition holds (the token's claim, a string, or a number or boolean
 * written as text, equals the value exactly). Among matches the most specific wins, compared in
 * this order:
 *   1. a subject matched exactly beats one matched by a pattern;
 *   2. more claim conditions beat fewer;
 *   3. a pattern with fewer `*` beats one with more; then the one with more literal characters.
 * Matches on two different service accounts are refused whatever their specificity: one token
 * should name one account, and an overlap is an administrator's mistake to fix, not to guess.
 * Equally specific matches on one account: the oldest policy wins.
 */
export type MatchablePolicy = { id: string; serviceAccountId: string; audience: string; subjects: string[]; claims: Record<string, string>; createdAt: Date };

export type MatchResult<P> =
  | { ok: true; policy: P; subject: string }
  | { ok: false; reason: "audience" | "subject" | "claim" | "ambiguous"; description: string };

type Rank = [number, number, number, number];

function rankOf(pattern: string, claims: number): Rank {
  const stars = pattern.split("*").length - 1;
  return [isPattern(pattern) ? 0 : 1, claims, -stars, pattern.length - stars];
}

/** Negative when `a` is less specific than `b`. */
function compare(a: Rank, b: Rank): number {
  const i = a.findIndex((v, k) => v !== b[k]);
  return i === -1 ? 0 : Math.sign(a[i]! - b[i]!);
}

const claimText = (value: unknown): string | null => (typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : null);
const quoted = (value: string) => `"${value.slice(0, 200)}"`;

/**
 * The winning policy, or why none: the description names what did not match in the token's own
 * terms (its claim and value), never a policy's expected value, which is not the caller's to know.
 */
export function matchPolicy<P extends MatchablePolicy>(policies: P[], claims: Record<string, unknown>): MatchResult<P> {
  const aud = Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === "string") : typeof claims.aud === "string" ? [claims.aud] : [];
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const forAudience = policies.filter((p) => aud.includes(p.audience));
  if (forAudience.length === 0) return { ok: false, reason: "audience", description: `No trusted pipeline of this issuer has the token's audience (aud ${quoted(aud.join(", "))}): request the token with the audience shown for the trusted pipeline` };
  const bySubject = forAudience
    .map((policy) => {
      const best = policy.subjects.filter((s) => subjectMatches(s, sub)).map((s) => rankOf(s, Object.keys(policy.claims).length)).sort((a, b) => compare(b, a))[0];
      return best ? { policy, rank: best } : null;
    })
    .filter((m) => m !== null);
  if (bySubject.length === 0) return { ok: false, reason: "subject", description: `No trusted pipeline of this issuer accepts the subject (sub) ${quoted(sub)}` };
  const unmet: string[] = [];
  const matches = bySubject.filter(({ policy }) => {
    const failed = Object.entries(policy.claims).find(([name, value]) => claimText(claims[name]) !== value);
    if (failed) unmet.push(failed[0]);
    return !failed;
  });
  if (matches.length === 0) {
    const name = unmet[0]!;
    const held = claimText(claims[name]);
    return { ok: false, reason: "claim", description: `The token's claim ${name} ${held === null ? "is missing" : `(${quoted(held)})`} does not satisfy the trusted pipeline's condition on it` };
  }
  if (new Set(matches.map((m) => m.policy.serviceAccountId)).size > 1) {
    return { ok: false, reason: "ambiguous", description: "The token matches trusted pipelines of more than one service account: an administrator must make them distinct" };
  }
  matches.sort((a, b) => compare(b.rank, a.rank) || a.policy.createdAt.getTime() - b.policy.createdAt.getTime());
  return { ok: true, policy: matches[0]!.policy, subject: sub };
}
