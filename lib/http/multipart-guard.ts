import type { IncomingMessage, ServerResponse } from "node:http";

// Next.js accepts server-action bodies up to 1 MB by default; a form larger than this is not ours.
const MAX_FORM_BYTES = 2 * 1024 * 1024;

function refuse(res: ServerResponse, status: 400 | 411 | 413, msg: string) {
  const body = JSON.stringify({ msg, code: status });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" }).end(body);
}

/**
 * Next.js treats every multipart POST to a page as a server-action submission and answers 500 when
 * the body is not valid multipart. This reads such a body first — exactly Content-Length bytes,
 * bounded — and answers 400 when it cannot be parsed. Otherwise the bytes go back into the request
 * stream (it has not ended: only the announced length was read) and Next.js reads it as usual.
 * Only multipart POSTs pay for this; everything else goes straight through.
 */
export function guardMultipart(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const type = req.headers["content-type"] ?? "";
  if (req.method !== "POST" || !/^multipart\/form-data/i.test(type)) return next();
  const length = Number(req.headers["content-length"]);
  if (!Number.isSafeInteger(length) || length < 0) return refuse(res, 411, "Send the form with a Content-Length");
  if (length > MAX_FORM_BYTES) return refuse(res, 413, "The form is too large");
  if (length === 0) return refuse(res, 400, "The form data could not be read");

  const chunks: Buffer[] = [];
  let received = 0;
  const onReadable = () => {
    let chunk: Buffer | null;
    while (received < length && (chunk = req.read() as Buffer | null) !== null) {
      chunks.push(chunk);
      received += chunk.length;
    }
    if (received >= length) {
      cleanup();
      void check(Buffer.concat(chunks));
    }
  };
  const onEnd = () => {
    cleanup();
    refuse(res, 400, "The form data could not be read");
  };
  const cleanup = () => {
    req.off("readable", onReadable);
    req.off("end", onEnd);
  };
  const check = async (body: Buffer) => {
    try {
      await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
    } catch {
      return refuse(res, 400, "The form data could not be read");
    }
    req.unshift(body);
    next();
  };
  req.on("readable", onReadable);
  req.on("end", onEnd);
}
