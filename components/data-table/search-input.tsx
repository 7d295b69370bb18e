"use client";
import { Search } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Input } from "@/components/ui/input";
import { useUrlParams } from "./use-url-params";

const DEBOUNCE_MS = 250;

/** Writes `q` to the URL (and goes back to page 1) after the user pauses typing. */
export function SearchInput({ label, placeholder }: { label: string; placeholder?: string }) {
  const id = useId();
  const { searchParams, setParams } = useUrlParams();
  const current = searchParams.get("q") ?? "";
  const [value, setValue] = useState(current);
  // The URL's q the box last followed, and the q this box last wrote (null: none on its way).
  const [followed, setFollowed] = useState(current);
  const [written, setWritten] = useState<string | null>(null);
  if (current !== followed) {
    // The URL changed. From elsewhere (the sidebar's link, Back, Clear): the box follows it, so the
    // debounce below has nothing stale to write back. From this box's own write: what was typed
    // since stays.
    setFollowed(current);
    setWritten(null);
    if (current !== written) setValue(current);
  }

  useEffect(() => {
    const q = value.trim();
    if (q === current) return;
    const timer = setTimeout(() => {
      setWritten(q);
      setParams({ q, page: null });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value, current, setParams]);

  return (
    <div className="relative w-full max-w-xs">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden />
      <Input
        id={id}
        type="search"
        className="pl-8"
        placeholder={placeholder ?? label}
        value={value}
        maxLength={200}
        onChange={(e) => setValue(e.target.value)}
      />
    </div>
  );
}
