"use client";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useId } from "react";
import { SecretField } from "@/components/forms/secret-field";
import { useCopy } from "@/components/forms/use-copy";
import { Button } from "@/components/ui/button";
import type { KeyScope } from "@/db/schema";
import { formatDateTime } from "@/lib/format";
import { SCOPE_LABELS } from "@/lib/scopes";
import { usageSnippet } from "./usage-snippet";

/**
 * A key being revealed, held in a box its owner (useReveal) empties when the reveal is dismissed.
 * `note` (not secret) says where it came from, e.g. the key a roll replaced; `name`, `scope` and
 * `expiresAt` are repeated in the reveal (issue 27), so what was made can be checked before closing.
 */
export type Reveal = { key: string; note?: string; name: string | null; scope: KeyScope; expiresAt: Date | string | null };

/** The reveal of a key as Add key's and Roll key's actions return it. */
export const revealOf = (created: { key: string; name: string | null; scope: KeyScope; expiresAt: Date | string | null }, note?: string): Reveal => ({
  key: created.key,
  name: created.name,
  scope: created.scope,
  expiresAt: created.expiresAt,
  ...(note ? { note } : {}),
});

/**
 * The one-time reveal: what was made (name, scope, expiry), the key (wrapping inside its field, so
 * it fits a phone's width), Copy key, the Opik snippet (shown, with its own Copy), and "I have
 * stored the key". `onCopied`: either copy worked.
 */
export function RevealedKey({
  reveal,
  workspace,
  opikUrl,
  onCopied,
  onDone,
}: {
  reveal: Reveal;
  workspace: string | null;
  opikUrl: string | null;
  onCopied: () => void;
  onDone: () => void;
}) {
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
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-sm" aria-label="The new key" data-testid="reveal-summary">
        <dt className="text-muted-foreground">Name</dt>
        <dd className="truncate font-medium">{reveal.name ?? "Unnamed key"}</dd>
        <dt className="text-muted-foreground">Scope</dt>
        <dd className="font-medium">{SCOPE_LABELS[reveal.scope]}</dd>
        <dt className="text-muted-foreground">Expires</dt>
        <dd className="font-medium">{reveal.expiresAt ? formatDateTime(reveal.expiresAt) : "Never"}</dd>
      </dl>
      <SecretField label="New API key" value={apiKey} copyLabel="Copy key" onCopied={onCopied} />
      <div className="grid min-w-0 gap-1.5">
        <div className="flex items-center justify-between gap-2">
          <h3 id={snippetId} className="text-sm font-medium">
            Use it with Opik
          </h3>
          <Button
            type="button"
            variant="outline"
            size="sm"
            aria-label="Copy the Opik snippet"
            onClick={async () => {
              if (await snippet.copy(usageSnippet(apiKey, workspace, opikUrl))) onCopied();
            }}
          >
            {snippet.copied ? <Check aria-hidden /> : <Copy aria-hidden />}
            {snippet.copied ? "Copied" : "Copy"}
          </Button>
        </div>
        <pre
          aria-labelledby={snippetId}
          tabIndex={0}
          className="overflow-x-auto rounded bg-background p-2 text-xs break-normal whitespace-pre-wrap"
          data-testid="usage-snippet"
        >
          <WordsUnbroken text={usageSnippet(apiKey, workspace, opikUrl)} />
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

/**
 * Text that wraps at spaces only: each run of non-space characters kept on one line (browsers would
 * also break after a hyphen or a slash, as in "your-workspace" or a URL); one longer than the line
 * makes its block scroll sideways instead.
 */
function WordsUnbroken({ text }: { text: string }) {
  return text.split(/(\s+)/).map((part, i) =>
    part === "" || /^\s+$/.test(part) ? (
      part
    ) : (
      <span key={i} className="whitespace-nowrap">
        {part}
      </span>
    ),
  );
}
