/**
 * The API keys list's order: newest first, except that the key a roll replaced follows the key
 * that replaced it, so both sit side by side with their last use (PRODUCT.md §2 "Roll").
 * A chain of rolls (A → B → C) reads C, B, A.
 */
type Rollable = { id: string; rolledToKeyId: string | null };
export type OrderedKey<K> = { key: K; replaces: K | null; replacedBy: K | null };

export function orderWithPredecessors<K extends Rollable>(keys: K[]): OrderedKey<K>[] {
  const byId = new Map(keys.map((k) => [k.id, k]));
  const predecessorOf = new Map<string, K>();
  for (const k of keys) if (k.rolledToKeyId && byId.has(k.rolledToKeyId)) predecessorOf.set(k.rolledToKeyId, k);
  const entry = (k: K): OrderedKey<K> => ({
    key: k,
    replaces: predecessorOf.get(k.id) ?? null,
    replacedBy: k.rolledToKeyId ? (byId.get(k.rolledToKeyId) ?? null) : null,
  });
  const placed = new Set<string>();
  const out: OrderedKey<K>[] = [];
  for (const k of keys) {
    // Placed after its successor instead.
    if (placed.has(k.id) || (k.rolledToKeyId && byId.has(k.rolledToKeyId))) continue;
    for (let cur: K | undefined = k; cur && !placed.has(cur.id); cur = predecessorOf.get(cur.id)) {
      placed.add(cur.id);
      out.push(entry(cur));
    }
  }
  // Only a cycle, which rolls cannot make, would leave keys out: list them anyway.
  for (const k of keys) if (!placed.has(k.id)) out.push(entry(k));
  return out;
}
