import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path of this service with its query", () => {
    expect(safeReturnPath("/access/sign-in?rd=http%3A%2F%2Flocalhost%3A8080%2Fdefault")).toBe("/access/sign-in?rd=http%3A%2F%2Flocalhost%3A8080%2Fdefault");
    expect(safeReturnPath("/admin/people")).toBe("/admin/people");
  });
  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%0a//evil",
    "/\t/evil.example",
    "admin",
    "",
    "/".padEnd(5000, "a"),
  ])("drops %j", (value) => {
    const kept = safeReturnPath(value);
    if (kept !== null) expect(new URL(kept, "http://self.invalid").origin).toBe("http://self.invalid");
    if (!value.startsWith("/%0a")) expect(kept).toBeNull();
  });
  it("ignores anything that is not a string", () => {
    expect(safeReturnPath(undefined)).toBeNull();
    expect(safeReturnPath(["/a"])).toBeNull();
  });
});
