/** Reading untrusted JSON request bodies: bounded size, JSON content type, an object at the top. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export type BodyResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: 400 | 413 | 415; message: string };

export async function readJsonObject(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<BodyResult> {
  const type = request.headers.get("content-type") ?? "";
  // Two Content-Type headers arrive joined by a comma: ambiguous, so refused.
  if (type.includes(",")) return { ok: false, status: 400, message: "Send exactly one Content-Type header" };
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return { ok: false, status: 415, message: "Send the body as JSON with Content-Type: application/json" };
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  if (size === 0) return { ok: false, status: 400, message: "The request body is empty: send a JSON object" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    return { ok: false, status: 400, message: "The request body is not valid JSON" };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, status: 400, message: "The request body must be a JSON object" };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

function tooLarge(maxBytes: number): BodyResult {
  return { ok: false, status: 413, message: `The request body is larger than ${maxBytes} bytes` };
}
