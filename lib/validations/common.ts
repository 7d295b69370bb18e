import { z } from "zod";

/** Longest string we bother to validate further; anything longer is refused outright. */
export const MAX_INPUT = 1000;

/*
 * Characters refused in names and descriptions: C0 and C1 controls (\p{Cc}) and the Unicode
 * bidirectional controls (\p{Bidi_Control}, all \p{Cf}: U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069). They are invisible, and a direction control reorders the text shown after it
 * ("Trojan Source"): a key named "ci\u202Etset" shows as "citest" in the list and the audit log.
 */
const CONTROLS = String.raw`\p{Cc}\p{Bidi_Control}`;
export const CONTROL_CHARACTERS_MESSAGE = "Remove control characters and direction marks";
/** Matches text without any of them (for `.regex`). */
export const NO_CONTROL_CHARACTERS = new RegExp(`^[^${CONTROLS}]*$`, "u");
/** The same for multi-line text: line breaks and tabs are allowed. */
export const NO_CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS = new RegExp(`^(?:[\\t\\n\\r]|[^${CONTROLS}])*$`, "u");

export const idSchema = z
  .string({ error: "Choose an item from the list" })
  .trim()
  .max(MAX_INPUT, "Not a valid id")
  .toLowerCase()
  .pipe(z.uuid({ error: "Not a valid id" }));

/** An optional id from a <select>: "" means none. */
export const optionalIdSchema = z
  .string({ error: "Choose an item from the list" })
  .trim()
  .max(MAX_INPUT, "Not a valid id")
  .toLowerCase()
  .transform((v) => (v === "" ? null : v))
  .pipe(z.uuid({ error: "Choose a workspace from the list" }).nullable());

/** Zero or more ids, as a form posts them (one value or repeated fields); duplicates collapse. */
export const idListSchema = z
  .union([z.string(), z.array(z.string({ error: "Not a valid id" }))], { error: "Not a valid list" })
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .transform((ids) => ids.map((id) => id.trim()).filter((id) => id !== ""))
  .pipe(z.array(z.uuid({ error: "One of the selected items is not valid" })).max(500, "Too many items"))
  .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);
