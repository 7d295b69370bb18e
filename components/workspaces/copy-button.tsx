"use client";
import { Check, Copy } from "lucide-react";
import { useCopy } from "@/components/forms/use-copy";
import { Button } from "@/components/ui/button";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const { copied, copy } = useCopy(1500);
  return (
    <Button type="button" variant="ghost" size="icon" onClick={() => copy(value)} aria-label={label}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      <span className="sr-only" aria-live="polite">{copied ? "Copied" : ""}</span>
    </Button>
  );
}
