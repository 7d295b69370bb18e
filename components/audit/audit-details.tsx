import { formatDateTime } from "@/lib/format";

/** "serviceAccountName" → "Service account name". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  const text = spaced.charAt(0).toUpperCase() + spaced.slice(1);
  return text.replace(/\bapi\b/gi, "API");
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return ISO_TIME.test(value) ? formatDateTime(value, { seconds: true }) : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(", ") : "none";
  return JSON.stringify(value);
}

function Entries({ details }: { details: Record<string, unknown> }) {
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1">
      {Object.entries(details).map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-muted-foreground">{words(key)}</dt>
          <dd className="break-words">
            {value && typeof value === "object" && !Array.isArray(value) ? <Entries details={value as Record<string, unknown>} /> : valueText(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What an event stored beside its target (workspaces by name, key counts, a change's before and
 * after), with the event's codes (action, target id), behind a native disclosure: keyboard-operable
 * and announced without script, so a row stays one or two lines tall until opened.
 */
export function AuditDetails({ event, details }: { event: Record<string, string | null>; details: Record<string, unknown> | null }) {
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-muted-foreground hover:text-foreground">Details</summary>
      <div className="mt-1 grid max-w-md gap-1">
        <Entries details={event} />
        {details && Object.keys(details).length > 0 ? <Entries details={details} /> : null}
      </div>
    </details>
  );
}

/** The service account an API key event belongs to, as the event recorded it. */
export function accountOf(details: Record<string, unknown> | null): string | null {
  const name = details?.serviceAccountName;
  return typeof name === "string" ? name : null;
}
