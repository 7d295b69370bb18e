"use client";
import { useState } from "react";
import type { Reveal } from "./revealed-key";

/**
 * The one key being revealed in the API keys modal, whether Add key or Roll key made it. It lives
 * only in the state of the component that calls this (never in a form's action state, which would
 * be posted back with the next submission), and is dropped when dismissed or when that component
 * unmounts (the modal closes). `onRevealChange` learns whether a key is showing, never which.
 */
export function useReveal(onRevealChange: (showing: boolean) => void) {
  const [reveal, setReveal] = useState<Reveal | null>(null);

  function show(next: Reveal | null) {
    // Emptied in place as well as replaced: React keeps the previous render's state on the
    // component's other fiber until it renders again, so replacing alone would leave the key
    // reachable in the page's memory after the administrator dismissed it.
    if (reveal) reveal.key = "";
    setReveal(next);
    onRevealChange(next !== null);
  }

  return { reveal, show };
}
