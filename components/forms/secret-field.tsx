"use client";
import { Check, Copy } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { useCopy } from "./use-copy";

/**
 * A secret shown once (an API key, a management token): a read-only field that wraps inside itself
 * (so it fits a phone's width), selected on focus, with a Copy button and its "Copied" status.
 * `onCopied`: the value reached the clipboard.
 */
export function SecretField({ label, value, copyLabel, onCopied }: { label: string; value: string; copyLabel: string; onCopied?: () => void }) {
  const id = useId();
  const copy = useCopy();
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex min-w-0 flex-col gap-2 sm:flex-row sm:items-start">
        <textarea
          id={id}
          readOnly
          rows={2}
          value={value}
          spellCheck={false}
          className="min-w-0 flex-1 resize-none rounded-md border bg-background px-3 py-2 font-mono text-xs break-all shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button type="button" variant="outline" onClick={async () => {
            if ((await copy.copy(value)) && onCopied) onCopied();
          }}>
          {copy.copied ? <Check aria-hidden /> : <Copy aria-hidden />}
          {copyLabel}
        </Button>
      </div>
      <p className="h-4 text-xs text-emerald-700" role="status" aria-live="polite">
        {copy.copied ? "Copied" : ""}
      </p>
    </div>
  );
}
