"use client";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { usageSnippet } from "./usage-snippet";

/**
 * A key being revealed, held in a box its owner (useReveal) empties when the reveal is dismissed.
 * `note` (not secret) says where it came from, e.g. the key a roll replaced.
 */
export type Reveal = { key: string; note?: string };

/** The one-time reveal: the key, Copy key, the Opik snippet, and "I have stored the key". */
export function RevealedKey({ reveal, workspace, onDone }: { reveal: Reveal; workspace: string | null; onDone: () => void }) {
  const apiKey = reveal.key;
  const id = useId();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied(true);
    } catch {
      toast.error("The browser did not allow copying. Select the key and copy it instead.");
    }
  }
  return (
    <section className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3 rounded-md border border-amber-300 bg-amber-50 p-3" aria-label="One-time reveal">
      <p className="flex items-start gap-2 text-sm font-medium text-amber-900" role="status">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        Copy this key now and store it securely. It will not be shown again; if you lose it, add a new key.
      </p>
      {reveal.note ? <p className="text-sm">{reveal.note}</p> : null}
      <div className="grid gap-1.5">
        <label htmlFor={id} className="text-sm font-medium">
          New API key
        </label>
        <div className="flex min-w-0 gap-2">
          <Input id={id} readOnly value={apiKey} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <Button type="button" variant="outline" onClick={copy}>
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
            Copy key
          </Button>
        </div>
        <p className="h-4 text-xs text-emerald-700" role="status" aria-live="polite">
          {copied ? "Copied" : ""}
        </p>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Use it with Opik</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-background p-2 text-xs" data-testid="usage-snippet">
          {usageSnippet(apiKey, workspace)}
        </pre>
      </details>
      <div className="flex justify-end">
        <Button type="button" size="sm" onClick={onDone}>
          I have stored the key
        </Button>
      </div>
    </section>
  );
}
