"use client";
import { MoreHorizontal, type LucideIcon } from "lucide-react";
import { useRef, useState, type Ref, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export type RowMenuItem = {
  /** The visible words; the item's accessible name adds the row's target (`${label} ${target}`). */
  label: string;
  icon: LucideIcon;
  onSelect: () => void;
  destructive?: boolean;
  disabled?: boolean;
  /** The full accessible name, when `${label} ${target}` does not read well ("Edit mapping of admins"). */
  name?: string;
  /** Why the item is disabled, shown under its label (e.g. "You cannot remove yourself"). */
  hint?: string;
};

/** What a dialog opened from a row menu takes: its open state, and the menu's trigger to give focus back to. */
export type RowDialogState = { open: boolean; onOpenChange: (open: boolean) => void; returnFocusTo: RefObject<HTMLElement | null> };

/** The menu's trigger ref and which of a row's dialogs is open; `dialog(name)` gives that dialog its RowDialogState. */
export function useRowDialogs<TName extends string>() {
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState<TName | null>(null);
  const dialog = (name: TName): RowDialogState => ({ open: open === name, onOpenChange: (next) => setOpen(next ? name : null), returnFocusTo: trigger });
  return { trigger, setOpen, dialog };
}

/**
 * One menu of a row's actions (Radix DropdownMenu), behind a "…" button named after the row
 * ("Actions for ci-pipeline"). Items that open a dialog pass the trigger (`ref`) to it,
 * so focus comes back here when the dialog closes. `notice` explains disabled items (e.g. viewers).
 */
export function RowMenu({ target, items, notice, ref }: { target: string; items: RowMenuItem[]; notice?: string; ref?: Ref<HTMLButtonElement> }) {
  const destructive = items.filter((i) => i.destructive);
  const others = items.filter((i) => !i.destructive);
  const item = ({ label, icon: Icon, onSelect, destructive: danger, disabled, name, hint }: RowMenuItem) => (
    <DropdownMenuItem key={label} aria-label={name ?? `${label} ${target}`} variant={danger ? "destructive" : "default"} disabled={disabled} onSelect={onSelect}>
      <Icon aria-hidden />
      {hint ? (
        <span className="grid">
          {label}
          <span className="text-xs text-muted-foreground">{hint}</span>
        </span>
      ) : (
        label
      )}
    </DropdownMenuItem>
  );
  return (
    // Not modal: a modal menu hides the rest of the page with aria-hidden while it stays focusable
    // (axe: aria-hidden-focus); the menu still takes focus, loops, and closes on Escape or outside.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button ref={ref} variant="ghost" size="icon" aria-label={`Actions for ${target}`}>
          <MoreHorizontal aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" loop>
        {notice ? <DropdownMenuLabel>{notice}</DropdownMenuLabel> : null}
        {others.map(item)}
        {destructive.length > 0 && others.length > 0 ? <DropdownMenuSeparator /> : null}
        {destructive.map(item)}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
