"use client";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useId } from "react";
import { SecretField } from "@/components/forms/secret-field";
import { useCopy } from "@/components/forms/use-copy";
import { Button } from "@/components/ui/button";
import { usageSnippet } from "./usage-snippet";

/**
 * A key being revealed, held in a box its owner (useReveal) empties when the reveal is dismissed.
 * `note` (not secret) says where it came from, e.g. the key a roll replaced.
 */
export type Reveal = { key: string; note?: string };

/**
 * The one-time reveal: the key (wrapping inside its field, so it fits a phone's width), Copy key,
 * the Opik snippet (shown, with its own Copy), and "I have stored the key".
 */
export function RevealedKey({ reveal, workspace, opikUrl, onDone }: { reveal: Reveal; workspace: string | null; opikUrl: string | null; onDone: () => void }) {
  const apiKey = reveal.key;
  const snippetId = useId();
  const snippet = useCopy();
  return (
    <section className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3 rounded-md border border-amber-300 bg-amber-50 p-3" aria-label="One-time reveal">
      <p className="flex items-start gap-2 text-sm font-medium text-amber-900" role="status">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        Copy this key now and store it securely. It will not be shown again; if you lose it, add a new key.
      </p>
      {reveal.note ? <p className="text-sm">{reveal.note}</p> : null}
      <SecretField label="New API key" value={apiKey} copyLabel="Copy key" />
      <div className="grid min-w-0 gap-1.5">
        <div className="flex items-center justify-between gap-2">
          <h3 id={snippetId} className="text-sm font-medium">
            Use it with Opik
          </h3>
          <Button type="button" variant="outline" size="sm" aria-label="Copy the Opik snippet" onClick={() => snippet.copy(usageSnippet(apiKey, workspace, opikUrl))}>
            {snippet.copied ? <Check aria-hidden /> : <Copy aria-hidden />}
            {snippet.copied ? "Copied" : "Copy"}
          </Button>
        </div>
        <pre aria-labelledby={snippetId} className="rounded bg-background p-2 text-xs break-all whitespace-pre-wrap" data-testid="usage-snippet">
          {usageSnippet(apiKey, workspace, opikUrl)}
        </pre>
      </div>
      <div className="flex justify-end">
        <Button type="button" size="sm" onClick={onDone}>
          I have stored the key
        </Button>
      </div>
    </section>
  );
}
