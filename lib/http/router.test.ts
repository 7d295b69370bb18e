import { describe, expect, it } from "vitest";
import { inProcess } from "../../tests/support/in-process";
import { opikError } from "./errors";
import { html as page, raw } from "./html";
import { json } from "./reply";
import { answerFrom, RouteTable } from "./router";

const notFound = () => opikError(404, "Not found");

describe("RouteTable", () => {
  const table = new RouteTable({ headAsGet: true })
    .get("/ping", () => json(200, { ok: true }))
    .post("/ping", () => json(201, { posted: true }));

  it("finds exact paths by method, a GET route answers HEAD, and names the methods allowed otherwise", () => {
    expect(table.match("GET", "/ping")).toMatchObject({ params: {} });
    expect(table.match("HEAD", "/ping")).toMatchObject({ params: {} });
    expect(table.match("DELETE", "/ping")).toEqual({ allowed: ["GET", "POST"] });
    expect(table.match("GET", "/ping/")).toBeNull();
  });

  it("matches OpenAPI-style parameters, one segment each, decoded (a malformed escape stays as sent)", () => {
    const routes = new RouteTable<string>().add("GET", "/things/{id}", "one").add("DELETE", "/things/{id}", "gone").add("GET", "/things", "list");
    expect(routes.match("GET", "/things/a%20b")).toEqual({ handler: "one", params: { id: "a b" } });
    expect(routes.match("GET", "/things/%E0%A4%A")).toEqual({ handler: "one", params: { id: "%E0%A4%A" } });
    expect(routes.match("GET", "/things")).toEqual({ handler: "list", params: {} });
    expect(routes.match("POST", "/things/x")).toEqual({ allowed: ["GET", "DELETE"] });
    expect(routes.match("HEAD", "/things/x")).toEqual({ allowed: ["GET", "DELETE"] });
    expect(routes.match("GET", "/things/x/y")).toBeNull();
  });
});

describe("answerFrom", () => {
  const table = new RouteTable()
    .get("/ok", () => json(200, { ok: true }))
    .get("/throws", () => {
      throw new Error("boom");
    });
  const request = inProcess(
    answerFrom(table, {
      notFound,
      methodNotAllowed: (_r, allowed) => opikError(405, "Wrong method", { allow: allowed.join(", ") }),
      onError: () => opikError(503, "Try again"),
      headers: () => ({ "referrer-policy": "no-referrer" }),
    }),
  );

  it("answers with the security headers and the surface's own on every reply, refusals included", async () => {
    for (const [path, method, status] of [["/ok", "GET", 200], ["/nowhere", "GET", 404], ["/ok", "POST", 405], ["/throws", "GET", 503]] as const) {
      const res = await request(path, { method });
      expect(res.status).toBe(status);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("content-type")).toBe("application/json");
    }
    expect(await (await request("/ok", { method: "POST" })).json()).toEqual({ msg: "Wrong method", code: 405 });
    expect((await request("/ok", { method: "POST" })).headers.get("allow")).toBe("GET");
  });
});

describe("html", () => {
  it("escapes every value but nested html and raw; arrays join; absent values render nothing", () => {
    const name = `<script>alert("x")</script>&'`;
    const out = page`<p>${name}</p>${[page`<b>${"a<b"}</b>`, "c>d"]}${raw("<i>ok</i>")}${undefined}${false}`;
    expect(out.value).toBe("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p><b>a&lt;b</b>c&gt;d<i>ok</i>");
  });
});
