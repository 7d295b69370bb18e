"use client";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-muted-foreground">
        The dashboard could not complete this request. Nothing was changed by the failed step. Try again; if it keeps
        happening, check that the database is reachable and look at the server log.
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
