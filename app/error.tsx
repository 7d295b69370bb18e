"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

type DatabaseState = "checking" | "reachable" | "unreachable" | "unknown";

const RECHECK_MS = 3_000;

/**
 * Asks GET /api/health whether the database answers (production error messages from the server are
 * hidden from the browser, so the page cannot tell an outage from the error itself). While it
 * does not, asks again every few seconds, and calls `onBack` once when it answers again.
 */
function useDatabaseState(onBack: () => void): DatabaseState {
  const [state, setState] = useState<DatabaseState>("checking");
  const wasUnreachable = useRef(false);
  const back = useRef(onBack);
  back.current = onBack;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function check() {
      let next: DatabaseState;
      try {
        const res = await fetch("/api/health", { cache: "no-store", signal: AbortSignal.timeout(5_000) });
        const body = (await res.json().catch(() => null)) as { database?: string } | null;
        next = body?.database === "reachable" ? "reachable" : body?.database === "unreachable" ? "unreachable" : "unknown";
      } catch {
        next = "unknown"; // the dashboard server itself did not answer
      }
      if (cancelled) return;
      setState(next);
      if (next === "reachable" && wasUnreachable.current) {
        wasUnreachable.current = false;
        back.current();
        return;
      }
      if (next === "unreachable") wasUnreachable.current = true;
      if (next !== "reachable") timer = setTimeout(check, RECHECK_MS);
    }
    void check();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, []);
  return state;
}

const NOTHING_CHANGED = "Nothing was changed by the failed step.";

export default function ErrorPage({ error, retry, reset }: { error: unknown; retry?: () => void; reset: () => void }) {
  const tryAgain = retry ?? reset;
  const database = useDatabaseState(tryAgain);
  const digest = error && typeof error === "object" && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  let title = "Something went wrong";
  let text = `The dashboard could not complete this request. ${NOTHING_CHANGED} Checking whether the database is reachable…`;
  if (database === "unreachable") {
    title = "The database is unreachable";
    text = `The dashboard cannot show or change anything until its database answers again. ${NOTHING_CHANGED} This page tries again by itself as soon as the database is back.`;
  } else if (database === "reachable") {
    text = `The dashboard could not complete this request. ${NOTHING_CHANGED} The database is reachable, so try again; if it keeps happening, the server log has the details.`;
  } else if (database === "unknown") {
    title = "The dashboard server did not answer";
    text = `${NOTHING_CHANGED} Check your connection to the dashboard, then try again.`;
  }

  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="text-sm text-muted-foreground" role="status" aria-live="polite">
        {text}
      </p>
      <Button onClick={() => tryAgain()}>Try again</Button>
      {digest ? <p className="text-xs text-muted-foreground">Error reference: {digest}</p> : null}
    </main>
  );
}
