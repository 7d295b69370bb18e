"use client";
import { useState } from "react";
import { toast } from "sonner";

/**
 * Copies text to the clipboard; `copied` says it worked (for a "Copied" beside the button), and a
 * browser that refuses gets a toast saying to copy by hand. `resetAfterMs`: `copied` goes back to
 * false after that long (for icon buttons that are used again and again). `copy` resolves to whether
 * the text reached the clipboard.
 */
export function useCopy(resetAfterMs?: number) {
  const [copied, setCopied] = useState(false);
  async function copy(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      if (resetAfterMs) setTimeout(() => setCopied(false), resetAfterMs);
      return true;
    } catch {
      toast.error("The browser did not allow copying. Select the text and copy it instead.");
      return false;
    }
  }
  return { copied, copy };
}
