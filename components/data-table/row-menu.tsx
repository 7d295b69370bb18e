"use client";
import { MoreHorizontal, type LucideIcon } from "lucide-react";
import type { Ref } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export type RowMenuItem = {
  /** The visible words; the item's accessible name adds the row's target (`${label} ${target}`). */
  label: string;
  icon: LucideIcon;
  onSelect: () => void;
  destructive?: boolean;
  disabled?: boolean;
};

/**
 * One menu of a row's actions (Radix DropdownMenu), behind a "…" button named after the row
 * ("Actions for ci-pipeline"). Items that open a dialog pass the trigger (`ref`) to it,
 * so focus comes back here when the dialog closes. `notice` explains disabled items (e.g. viewers).
 */
export function RowMenu({ target, items, notice, ref }: { target: string; items: RowMenuItem[]; notice?: string; ref?: Ref<HTMLButtonElement> }) {
  const destructive = items.filter((i) => i.destructive);
  const others = items.filter((i) => !i.destructive);
  const item = ({ label, icon: Icon, onSelect, destructive: danger, disabled }: RowMenuItem) => (
    <DropdownMenuItem key={label} aria-label={`${label} ${target}`} variant={danger ? "destructive" : "default"} disabled={disabled} onSelect={onSelect}>
      <Icon aria-hidden />
      {label}
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
