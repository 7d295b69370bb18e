import { describe, expect, it } from "vitest";
import { subjectMatches, subjectProblem } from "./subject-pattern";

describe("subject patterns", () => {
  it("an exact subject matches itself only", () => {
    expect(subjectMatches("repo:acme/app:ref:refs/heads/main", "repo:acme/app:ref:refs/heads/main")).toBe(true);
    expect(subjectMatches("repo:acme/app:ref:refs/heads/main", "repo:acme/app:ref:refs/heads/main2")).toBe(false);
    expect(subjectMatches("repo:acme/app:ref:refs/heads/main", "REPO:acme/app:ref:refs/heads/main")).toBe(false);
  });

  it("* is one or more characters within one segment, never a ':'", () => {
    const branches = "repo:acme/app:ref:refs/heads/*";
    expect(subjectMatches(branches, "repo:acme/app:ref:refs/heads/main")).toBe(true);
    expect(subjectMatches(branches, "repo:acme/app:ref:refs/heads/feature/x")).toBe(true);
    expect(subjectMatches(branches, "repo:acme/app:ref:refs/heads/")).toBe(false);
    expect(subjectMatches(branches, "repo:acme/app:ref:refs/heads/main:environment:prod")).toBe(false);
    expect(subjectMatches("repo:acme/*:environment:prod", "repo:acme/app:environment:prod")).toBe(true);
    expect(subjectMatches("repo:acme/*:environment:prod", "repo:evil:x/app:environment:prod")).toBe(false);
    expect(subjectMatches("repo:acme/app:*", "repo:acme/app:environment:prod")).toBe(false);
  });

  it("regex characters in a subject are literal", () => {
    expect(subjectMatches("repo:a.b/c:*", "repo:a.b/c:x")).toBe(true);
    expect(subjectMatches("repo:a.b/c:*", "repo:aXb/c:x")).toBe(false);
    expect(subjectMatches("repo:(x)+:*", "repo:(x)+:y")).toBe(true);
  });

  it("refuses patterns that match anything and doubled stars", () => {
    expect(subjectProblem("*")).toMatch(/matches any subject/);
    expect(subjectProblem("*:*")).toMatch(/matches any subject/);
    expect(subjectProblem("repo:**")).toMatch(/one \*/);
    expect(subjectProblem("repo:*")).toBeNull();
    expect(subjectProblem("system:serviceaccount:ci:runner")).toBeNull();
  });
});
