import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from "./audit";

const DOMAIN = path.resolve(import.meta.dirname, "../domain");

describe("audit actions", () => {
  it("every action lib/domain records has a name in words and a filter entry", () => {
    const recorded = new Set<string>();
    for (const file of readdirSync(DOMAIN).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(path.join(DOMAIN, file), "utf8");
      for (const m of text.matchAll(/"((?:service_account|api_key|workspace|administrator|access|key_policy)\.[a-z_]+)"/g)) recorded.add(m[1]!);
    }
    expect(recorded.size).toBeGreaterThan(15);
    for (const action of recorded) expect(AUDIT_ACTIONS, action).toContain(action);
  });
  it("shows words, and an unknown action as stored", () => {
    expect(auditActionLabel("service_account.create")).toBe("Service account created");
    expect(auditActionLabel("something.new")).toBe("something.new");
    for (const label of Object.values(AUDIT_ACTION_LABELS)) expect(label).toMatch(/^[A-Z]/);
  });
});
