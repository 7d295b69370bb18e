"use client";
import { useState } from "react";
import type { Reveal } from "./revealed-key";

/**
 * The one key being revealed in the API keys modal, whether Add key or Roll key made it. It lives
 * only in the state of the component that calls this (never in a form's action state, which would
 * be posted back with the next submission), and is dropped when dismissed or when that component
 * unmounts (the modal closes). `onUnsavedChange` learns whether a key is showing that has not been
 * copied yet (Copy key or the snippet's Copy), never which: closing then asks first.
 */
export function useReveal<T extends { key: string } = Reveal>(onUnsavedChange: (unsaved: boolean) => void) {
  const [reveal, setReveal] = useState<T | null>(null);

  function show(next: T | null) {
    // Emptied in place as well as replaced: React keeps the previous render's state on the
    // component's other fiber until it renders again, so replacing alone would leave the key
    // reachable in the page's memory after the administrator dismissed it.
    if (reveal) reveal.key = "";
    setReveal(next);
    onUnsavedChange(next !== null);
  }

  /** The key (alone or in the snippet) reached the clipboard: closing no longer asks. */
  function copied() {
    onUnsavedChange(false);
  }

  return { reveal, show, copied };
}
