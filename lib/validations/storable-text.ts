/*
 * Text no database column can hold: U+0000 (Postgres `text` and `jsonb` refuse it, PGlite too) and a
 * lone UTF-16 surrogate (U+D800–U+DFFF without its other half: no character, so no UTF-8 for it).
 * A query with either fails in the database, a 500 after the request got that far. Each edge refuses
 * them once, before any query, for every string it hands on (README "Security"): the server actions'
 * wrapper (lib/actions/define-action.ts), the JSON body reader of every API (lib/http/json-body.ts),
 * the management API's query reader (lib/api/router.ts) and the admin pages' search (app/admin/*).
 * Everything else is storable: U+FFFF and the other noncharacters, bidi controls and C0/C1 controls
 * reach the schemas, whose rules for names refuse what a name must not hold.
 */
export const UNSTORABLE_TEXT_MESSAGE = "Remove the invisible NUL character or the broken character (an unpaired UTF-16 surrogate)";

export const isStorableText = (text: string): boolean => !text.includes("\u0000") && text.isWellFormed();

/** A string, or any string inside arrays and objects (their keys too), that is not storable. */
export function holdsUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return !isStorableText(value);
  // Deeper than any form or body has a use for (server actions refuse replies nested past 64 levels,
  // lib/http/reply-check.ts): refused rather than walked, which bounds the recursion.
  if (depth > 64) return true;
  if (Array.isArray(value)) return value.some((item) => holdsUnstorableText(item, depth + 1));
  if (value && typeof value === "object" && !(value instanceof Blob)) {
    return Object.entries(value).some(([key, item]) => !isStorableText(key) || holdsUnstorableText(item, depth + 1));
  }
  return false;
}

/** The fields of a record (a form, a JSON body, a query) that hold unstorable text, as printable names. */
export function unstorableFields(record: Record<string, unknown>): string[] {
  return Object.entries(record)
    .filter(([key, value]) => !isStorableText(key) || holdsUnstorableText(value))
    .map(([key]) => printable(key));
}

/** Text safe to echo (a field's name in an error, a search shown back): the offending characters become U+FFFD. */
export const printable = (text: string, max = 100): string => text.toWellFormed().replaceAll("\u0000", "\uFFFD").slice(0, max);

/** A page's search with unstorable text finds nothing (it is never queried) and says why. */
export const UNSEARCHABLE_NOTICE = "Nothing matches this search: it holds a NUL character or a broken one (an unpaired UTF-16 surrogate), which no stored text contains.";
