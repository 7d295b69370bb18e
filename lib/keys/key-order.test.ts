import { describe, expect, it } from "vitest";
import { orderWithPredecessors } from "./key-order";

const k = (id: string, rolledToKeyId: string | null = null) => ({ id, rolledToKeyId });
const ids = (keys: ReturnType<typeof k>[]) => orderWithPredecessors(keys).map((e) => e.key.id);

describe("orderWithPredecessors", () => {
  it("keeps newest-first order when nothing was rolled", () => {
    expect(ids([k("c"), k("b"), k("a")])).toStrictEqual(["c", "b", "a"]);
  });

  it("puts a rolled key right after the key that replaced it, and says which replaced which", () => {
    // Newest first: n (the roll's new key), x (added later than o), o (rolled to n).
    const ordered = orderWithPredecessors([k("n"), k("x"), k("o", "n")]);
    expect(ordered.map((e) => e.key.id)).toStrictEqual(["n", "o", "x"]);
    expect(ordered[0]).toMatchObject({ replaces: { id: "o" }, replacedBy: null });
    expect(ordered[1]).toMatchObject({ replaces: null, replacedBy: { id: "n" } });
    expect(ordered[2]).toMatchObject({ replaces: null, replacedBy: null });
  });

  it("a chain of rolls reads newest to oldest", () => {
    expect(ids([k("c"), k("z"), k("b", "c"), k("a", "b")])).toStrictEqual(["c", "b", "a", "z"]);
  });

  it("a key rolled to one no longer listed stays in place", () => {
    expect(ids([k("b"), k("a", "gone")])).toStrictEqual(["b", "a"]);
    expect(orderWithPredecessors([k("a", "gone")])[0]?.replacedBy).toBeNull();
  });

  it("lists every key even if the links form a cycle", () => {
    expect(ids([k("a", "b"), k("b", "a")]).sort()).toStrictEqual(["a", "b"]);
  });
});
