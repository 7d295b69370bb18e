import type { IncomingMessage } from "node:http";
import { hash } from "node:crypto";
import { getDb } from "@/db/client";
import { claimIdempotencyKey, findIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer } from "@/db/queries/idempotency";
import { now } from "@/lib/clock";
import { guardDb } from "@/lib/db-guard";
import { problem, type Problem } from "./http";
import { seal, unseal } from "./seal";

/** How long a create's first answer is replayed (README "Automate it"). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

export type Idempotency =
  | { kind: "none" }
  | { kind: "first"; tokenId: string; key: string }
  | { kind: "replay"; status: number; body: unknown }
  | { kind: "refused"; problem: Problem };

/**
 * `Idempotency-Key` of a create: the first request with a key runs and its success is kept; a
 * retry with the same key and the same request gets that answer again; the same key with another
 * request is refused (422), as is a retry while the first still runs (409). Keys are per token.
 */
export async function beginIdempotent(req: IncomingMessage, tokenId: string, method: string, path: string, rawBody: unknown): Promise<Idempotency> {
  const values = req.headersDistinct["idempotency-key"];
  if (!values) return { kind: "none" };
  if (values.length > 1 || !KEY_SHAPE.test(values[0]!)) return { kind: "refused", problem: problem(400, "Idempotency-Key: one value of 1 to 200 visible ASCII characters") };
  const key = values[0]!;
  const requestHash = hash("sha256", JSON.stringify([method, path, rawBody ?? null]), "hex");
  const claimed = await guardDb(() => claimIdempotencyKey(getDb(), { tokenId, key, requestHash, expiredBefore: new Date(now() - IDEMPOTENCY_TTL_MS) }));
  if (claimed) return { kind: "first", tokenId, key };
  const stored = await guardDb(() => findIdempotencyKey(getDb(), tokenId, key));
  if (!stored) return { kind: "refused", problem: problem(409, "A request with this Idempotency-Key just finished or failed: retry") };
  if (stored.requestHash !== requestHash) return { kind: "refused", problem: problem(422, "This Idempotency-Key was used with a different request: use a new key for a new request") };
  if (stored.status === null || stored.sealed === null) return { kind: "refused", problem: problem(409, "A request with this Idempotency-Key is still running: retry shortly") };
  const plain = unseal(stored.sealed);
  if (plain === null) return { kind: "refused", problem: problem(409, "The first answer to this Idempotency-Key can no longer be read (AUTH_SECRET changed): use a new key") };
  return { kind: "replay", status: stored.status, body: JSON.parse(plain) };
}

/** After the first request: its success is kept (sealed); anything else frees the key. */
export async function finishIdempotent(state: Idempotency, status: number, body: unknown): Promise<void> {
  if (state.kind !== "first") return;
  if (status >= 200 && status < 300) await storeIdempotentAnswer(getDb(), state.tokenId, state.key, status, seal(JSON.stringify(body ?? null)));
  else await releaseIdempotencyKey(getDb(), state.tokenId, state.key);
}
