/** Past this many characters the table shows the start of a description and the rest on request. */
const SHORT = 60;

/**
 * A service account's description in the table: whole when short; otherwise its start, and the
 * full text behind a native disclosure (reachable by keyboard and screen readers, no hover needed).
 */
export function DescriptionCell({ text }: { text: string }) {
  if (text.length <= SHORT) return <span className="text-xs break-words whitespace-pre-wrap text-muted-foreground">{text}</span>;
  return (
    <details className="group text-xs text-muted-foreground">
      <summary className="cursor-pointer break-words">
        <span className="group-open:hidden">{text.slice(0, SHORT).trimEnd()}… </span>
        <span className="font-medium text-foreground group-open:hidden">Full description</span>
        <span className="hidden font-medium text-foreground group-open:inline">Description</span>
      </summary>
      <p className="mt-0.5 break-words whitespace-pre-wrap">{text}</p>
    </details>
  );
}
