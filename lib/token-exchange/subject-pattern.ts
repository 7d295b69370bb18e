/**
 * The subject rule of a trusted pipeline (docs/keyless-ci.md "Subjects"). A subject is split into
 * segments at `:` (GitHub `repo:acme/app:ref:refs/heads/main`, GitLab
 * `project_path:acme/app:ref_type:branch:ref:main`, Kubernetes `system:serviceaccount:ci:runner`).
 * In a pattern, `*` stands for one or more characters other than `:`, so it never reaches into
 * the next segment: `repo:acme/app:ref:refs/heads/*` matches every branch of acme/app, never
 * `repo:acme/app:environment:prod` nor another repository. Every other character matches itself.
 * A value without `*` is an exact subject.
 */
export const SEGMENT_SEPARATOR = ":";

export const isPattern = (subject: string): boolean => subject.includes("*");

/** Why a subject value cannot be used, or null when it can. */
export function subjectProblem(subject: string): string | null {
  if (subject.includes("**")) return `"${subject.slice(0, 60)}": write one * per place (a * never spans a ":")`;
  const literal = subject.split(SEGMENT_SEPARATOR).some((segment) => segment.replaceAll("*", "") !== "");
  if (!literal) return `"${subject.slice(0, 60)}" matches any subject: name at least part of it (e.g. repo:acme/app:*)`;
  return null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const compiled = new Map<string, RegExp>();

function regexOf(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern.split("*").map(escape).join("[^:]+")}$`, "u");
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Whether `subject` (a token's `sub`) matches `pattern` (an exact value or a pattern). */
export function subjectMatches(pattern: string, subject: string): boolean {
  return isPattern(pattern) ? regexOf(pattern).test(subject) : pattern === subject;
}
