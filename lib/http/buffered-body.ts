import type { IncomingMessage } from "node:http";

/** How much of a too-large body is read (and dropped) before answering, as lib/http/json-body.ts does. */
export const MAX_DRAINED_BYTES = 4 * 1024 * 1024;

export type BufferedBody =
  | { kind: "read"; body: Buffer }
  | { kind: "tooLarge"; complete: boolean }
  | { kind: "slow" }
  | { kind: "gone" };

/**
 * Reads a request's whole body (Content-Length or chunked) without ending the stream, so that
 * `req.unshift(body)` can hand it back for Next.js to read as if untouched. The stream is read in
 * paused mode, exactly `readableLength` bytes at a time, and done when the parser has seen the
 * message's end (`req.complete`): reading past the end would emit 'end', after which nothing can
 * be put back. Over `limit` bytes the rest is read and dropped, up to MAX_DRAINED_BYTES more, so
 * that a client still sending gets the answer rather than a reset connection. `keep: false` drops
 * everything (the answer is already known).
 */
export function bufferBody(req: IncomingMessage, limit: number, keep: boolean, timeoutMs: number): Promise<BufferedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (result: BufferedBody) => {
      clearTimeout(timer);
      req.off("readable", onReadable).off("end", onEnd).off("error", onGone).off("close", onClose);
      resolve(result);
    };
    const finish = () => stop(size > limit ? { kind: "tooLarge", complete: true } : { kind: "read", body: Buffer.concat(chunks) });
    const onReadable = () => {
      for (let n = req.readableLength; n > 0; n = req.readableLength) {
        const chunk = req.read(n) as Buffer | null;
        if (chunk === null) break;
        size += chunk.length;
        if (keep && size <= limit) chunks.push(chunk);
        else chunks.length = 0;
        if (size > limit + MAX_DRAINED_BYTES) return stop({ kind: "tooLarge", complete: false });
      }
      if (req.complete) finish();
    };
    // Only an empty body ends the stream here (Node ends it once a 'readable' listener is added).
    const onEnd = () => finish();
    // The client went away mid-body: nobody reads the answer, and nothing is worth logging.
    const onGone = () => stop({ kind: "gone" });
    const onClose = () => {
      if (!req.complete) onGone();
    };
    const timer = setTimeout(() => stop({ kind: "slow" }), timeoutMs);
    req.on("readable", onReadable).on("end", onEnd).on("error", onGone).on("close", onClose);
  });
}
