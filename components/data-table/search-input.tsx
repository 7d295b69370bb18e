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

  useEffect(() => {
    if (value.trim() === current) return;
    const timer = setTimeout(() => setParams({ q: value.trim(), page: null }), DEBOUNCE_MS);
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
