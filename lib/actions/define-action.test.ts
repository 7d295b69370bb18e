import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { AdministratorDto } from "@/db/queries/administrators";
import { MEMBER_MESSAGE, READ_ONLY_MESSAGE } from "@/lib/auth/roles";

// The real session module reaches Auth.js, which cannot load outside Next (next-auth imports
// "next/server" without an extension); the wrapper only needs "who is calling".
const session = vi.hoisted(() => ({ current: null as AdministratorDto | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentAdministrator: async () => session.current }));
vi.mock("@/lib/request", () => ({ clientAddress: async () => "198.51.100.4" }));

const { defineAction, INVALID_MESSAGE, pgErrorCode, SIGNED_OUT_MESSAGE, toPlainObject, UNREADABLE_MESSAGE } = await import("./define-action");

const admin: AdministratorDto = { id: "a1", email: "admin@example.test", name: "Admin", role: "admin" };
const viewer: AdministratorDto = { ...admin, id: "v1", role: "viewer" };
const member: AdministratorDto = { ...admin, id: "m1", role: "member" };

describe("toPlainObject", () => {
  it("turns FormData into an object, repeated fields into arrays", () => {
    const fd = new FormData();
    fd.append("name", "ci");
    fd.append("ids", "a");
    fd.append("ids", "b");
    expect(toPlainObject(fd)).toEqual({ name: "ci", ids: ["a", "b"] });
  });

  it("drops React's $ACTION bookkeeping fields", () => {
    const fd = new FormData();
    fd.append("$ACTION_ID_abc", "");
    fd.append("$ACTION_REF_1", "x");
    fd.append("name", "ci");
    expect(toPlainObject(fd)).toEqual({ name: "ci" });
  });

  it("gives an empty object for empty FormData", () => {
    expect(toPlainObject(new FormData())).toEqual({});
  });

  it("keeps a file value as a file (the schema refuses it later)", () => {
    const fd = new FormData();
    fd.append("name", new Blob(["x"]), "x.txt");
    expect(toPlainObject(fd)?.name).toBeInstanceOf(File);
  });

  it("passes a plain object's fields through", () => {
    const obj = { name: "ci", ids: ["a"] };
    expect(toPlainObject(obj)).toEqual(obj);
  });

  it.each([null, undefined, "name=ci", 42, true, ["name", "ci"], []])("refuses %j", (payload) => {
    expect(toPlainObject(payload)).toBeNull();
  });
});

describe("pgErrorCode", () => {
  it("reads the code of a driver error", () => {
    expect(pgErrorCode(Object.assign(new Error("dup"), { code: "23505" }))).toBe("23505");
  });

  it("reads through drizzle's wrapper (cause chains)", () => {
    const pg = Object.assign(new Error("fk"), { code: "23503" });
    expect(pgErrorCode(new Error("Failed query", { cause: pg }))).toBe("23503");
    expect(pgErrorCode(new Error("outer", { cause: new Error("mid", { cause: pg }) }))).toBe("23503");
  });

  it("stops after four levels", () => {
    let e: Error = Object.assign(new Error("deep"), { code: "23505" });
    for (let i = 0; i < 4; i++) e = new Error(`wrap ${i}`, { cause: e });
    expect(pgErrorCode(e)).toBeUndefined();
  });

  it.each([
    ["no code", new Error("x")],
    ["a numeric code", Object.assign(new Error("x"), { code: 23505 })],
    ["a Node system code", Object.assign(new Error("x"), { code: "ECONNREFUSED" })],
    ["a lower-case code", Object.assign(new Error("x"), { code: "abcde" })],
    ["null", null],
    ["a string", "23505"],
  ])("gives undefined for %s", (_label, error) => {
    expect(pgErrorCode(error)).toBeUndefined();
  });
});

describe("defineAction", () => {
  const handler = vi.fn(async (input: { name: string }, ctx: { actor: unknown; clientAddress: string | null }) => ({
    ok: true as const,
    data: { name: input.name, actor: ctx.actor, address: ctx.clientAddress },
  }));
  const schema = z.object({ name: z.string().min(3, "Too short"), password: z.string().min(1, "Required") });
  const write = defineAction({ schema, permission: "write" }, handler);
  const read = defineAction({ schema, permission: "read" }, handler);
  const open = defineAction({ schema, permission: "public" }, handler);
  const self = defineAction({ schema, permission: "self" }, handler);

  beforeEach(() => {
    handler.mockClear();
    session.current = admin;
  });

  it("refuses an anonymous caller before reading the input", async () => {
    session.current = null;
    expect(await write(null, "garbage")).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a viewer a write, allows a viewer a read", async () => {
    session.current = viewer;
    expect(await write(null, { name: "abc", password: "x" })).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    expect(await read(null, { name: "abc", password: "x" })).toMatchObject({ ok: true, data: { actor: viewer } });
  });

  it("refuses a member every read and write with the member's reason, allows their own account's actions", async () => {
    session.current = member;
    expect(await write(null, { name: "abc", password: "x" })).toEqual({ ok: false, message: MEMBER_MESSAGE });
    expect(await read(null, { name: "abc", password: "x" })).toEqual({ ok: false, message: MEMBER_MESSAGE });
    expect(handler).not.toHaveBeenCalled();
    expect(await self(null, { name: "abc", password: "x" })).toMatchObject({ ok: true, data: { actor: member } });
    session.current = viewer;
    expect(await self(null, { name: "abc", password: "x" })).toMatchObject({ ok: true, data: { actor: viewer } });
  });

  it("runs a public action without a session, with a null actor", async () => {
    session.current = null;
    expect(await open(null, { name: "abc", password: "x" })).toEqual({
      ok: true,
      data: { name: "abc", actor: null, address: "198.51.100.4" },
    });
  });

  it.each([null, "name=abc", 7, ["abc"]])("answers an unreadable payload %j with a message", async (payload) => {
    expect(await write(null, payload)).toEqual({ ok: false, message: UNREADABLE_MESSAGE });
    expect(handler).not.toHaveBeenCalled();
  });

  it("returns every field error and echoes only non-secret strings", async () => {
    const fd = new FormData();
    fd.append("name", "a".repeat(5000));
    fd.append("name", "b");
    fd.append("password", "");
    fd.append("apiKey", "opsa_secret");
    fd.append("note", "x".repeat(5000));
    const result = await write(null, fd);
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["name", "password"]);
    expect(result.values).toEqual({ name: ["a".repeat(1000), "b"], note: "x".repeat(1000) });
    expect(handler).not.toHaveBeenCalled();
  });

  it("passes parsed input, the actor and the client address to the handler", async () => {
    expect(await write(null, { name: "abc", password: "pw" })).toEqual({
      ok: true,
      data: { name: "abc", actor: admin, address: "198.51.100.4" },
    });
  });
});
