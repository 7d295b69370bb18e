// React's own reply decoder, as Next.js 16 runs it for a server action, for the differential test of
// lib/http/reply-check.ts (lib/http/reply-check.test.ts): the very copy `npm start` runs, from the
// app-page runtime of a Turbopack build (React bundled in, so no `--conditions=react-server`).
// Reads a JSON array of cases on stdin, writes { react: <the runtime's React version>, outcomes }:
// one outcome per case, "ok" or "throws: <message>".
//   { text }                        a text/plain body: decodeReply(text), as Next.js does
//   { fields: [[name, value]] }     a fetch action's multipart body: decodeReplyFromBusboy over busboy
//   { fields, prefix }              a form's bound arguments ($ACTION_<n>:…): decoded from the whole form
// A field value { file: "<text>" } is sent as a file.
"use strict";
process.env.NODE_ENV = "production";
const { Readable } = require("node:stream");
const { pipeline } = require("node:stream/promises");
const compiled = "next/dist/compiled/";
// Set by Next.js's server before it loads the runtime, which needs it.
globalThis.AsyncLocalStorage = require("node:async_hooks").AsyncLocalStorage;
const rsc = require(`${compiled}next-server/app-page-turbo.runtime.prod.js`).vendored["react-rsc"];
const server = rsc.ReactServerDOMTurbopackServer;
const busboyOf = require(`${compiled}busboy`);

// No server functions exist here: a "$h" reference to one throws, as an unknown id does in Next.js.
const manifest = new Proxy({}, { get: () => undefined });

function formOf(fields, strip = "") {
  const form = new FormData();
  for (const [name, value] of fields) {
    if (!name.startsWith(strip)) continue;
    const key = name.slice(strip.length);
    if (typeof value === "string") form.append(key, value);
    else form.append(key, new Blob([value.file]), "f");
  }
  return form;
}

async function decode(c) {
  const temporaryReferences = server.createTemporaryReferenceSet();
  if (c.text !== undefined) return server.decodeReply(c.text, manifest, { temporaryReferences });
  // Next.js's MPA path hands the whole form to decodeAction, which decodes the bound arguments
  // under the prefix from the form at once and without temporary references.
  if (c.prefix !== undefined) {
    const meta = await server.decodeReply(formOf(c.fields, c.prefix), manifest);
    // decodeAction then waits for the bound arguments before loading the action.
    if (meta && meta.bound && typeof meta.bound.then === "function") await meta.bound;
    return [];
  }
  const request = new Request("http://x/", { method: "POST", body: formOf(c.fields) });
  const bytes = Buffer.from(await request.arrayBuffer());
  const busboy = busboyOf({ defParamCharset: "utf8", headers: { "content-type": request.headers.get("content-type") }, limits: { fieldSize: 1024 * 1024 } });
  const [, args] = await Promise.all([pipeline(Readable.from([bytes]), busboy), server.decodeReplyFromBusboy(busboy, manifest, { temporaryReferences })]);
  return args;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", async () => {
  const outcomes = [];
  for (const c of JSON.parse(input)) {
    try {
      const args = await decode(c);
      // Next.js then awaits nothing more before calling the action, but a bound promise that can
      // never resolve would make any action awaiting it fail: settle those too.
      await Promise.all((Array.isArray(args) ? args : []).map((a) => (a && typeof a.then === "function" ? a : null)));
      outcomes.push("ok");
    } catch (error) {
      outcomes.push(`throws: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.stdout.write(JSON.stringify({ react: rsc.React.version, outcomes }));
});
