/** Opik sends a handful per request (its annotations name one each); anything near this is not Opik. */
export const MAX_PERMISSIONS_PER_CHECK = 100;
const NAME = /^[a-z0-9_]{1,64}$/;

/**
 * `requiredPermissions` of a check (OPIK-AUTH-CONTRACT.md §3, §10): absent or null = none needed;
 * otherwise a list of permission names, duplicates collapsed. Anything else is the caller's mistake (400).
 */
export function readPermissionList(value: unknown, field = "requiredPermissions"): { ok: true; value: string[] } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value) || !value.every((p) => typeof p === "string")) return { ok: false, message: `"${field}" must be a list of strings` };
  if (value.length > MAX_PERMISSIONS_PER_CHECK) return { ok: false, message: `"${field}" lists ${value.length} permissions; at most ${MAX_PERMISSIONS_PER_CHECK} are accepted` };
  const names = [...new Set(value as string[])];
  if (!names.every((p) => NAME.test(p))) return { ok: false, message: `"${field}" holds something that is not a permission name (lowercase letters, digits and "_")` };
  return { ok: true, value: names };
}
