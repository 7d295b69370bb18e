import type { RefObject } from "react";

/** What every dialog the row menu opens takes: its account, its open state, and the menu's trigger to give focus back to. */
export type RowDialogProps<TAccount = { id: string; name: string; apiKeyCount: number }> = {
  account: TAccount;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: RefObject<HTMLElement | null>;
};
