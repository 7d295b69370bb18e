import type { ApiKeyDto } from "@/db/queries/api-keys";

/** How a key is named in buttons and confirmations: its name and hint, or the hint alone. */
export const keyLabel = (key: Pick<ApiKeyDto, "name" | "hint">) => (key.name ? `"${key.name}" (${key.hint})` : key.hint);
