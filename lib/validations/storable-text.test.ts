import { describe, expect, it } from "vitest";
import { holdsUnstorableText, isStorableText, printable, unstorableFields } from "./storable-text";

describe("storable text", () => {
  it.each(["\u0000", "a\u0000b", "\ud800", "\udbff", "\udc00", "\udfff", "x\ud83d", "\ude00x", "\udc00\ud800"])("%j is not storable", (text) => {
    expect(isStorableText(text)).toBe(false);
  });

  it.each(["", "plain", "😀", "\ud83d\ude00", "\uffff", "\ufffe", "\u202eevil", "\u2066x\u2069", "\u0007", "x".repeat(20_000)])("%j is storable", (text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it("walks lists, objects and their keys; files and other values are fine", () => {
    expect(holdsUnstorableText(["a", ["b", "\ud800"]])).toBe(true);
    expect(holdsUnstorableText({ a: { "\u0000": 1 } })).toBe(true);
    expect(holdsUnstorableText({ a: [1, true, null, new Blob(["\u0000"])] })).toBe(false);
    expect(holdsUnstorableText(42)).toBe(false);
  });

  it("names the top-level fields that hold it, printable", () => {
    expect(unstorableFields({ name: "ok", description: "a\u0000", ids: ["x", "\udfff"], "k\u0000": "v" })).toEqual(["description", "ids", "k\uFFFD"]);
    expect(printable("a\u0000\ud800b")).toBe("a\uFFFD\uFFFDb");
  });
});
