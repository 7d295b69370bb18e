import { z } from "zod";

/** Longest string we bother to validate further; anything longer is refused outright. */
export const MAX_INPUT = 1000;

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
