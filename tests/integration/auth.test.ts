import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { administrators, auditEvents } from "@/db/schema";
import { UNREADABLE_MESSAGE } from "@/lib/actions/define-action";
import { verifyPassword } from "@/lib/auth/password";
import { bootstrapAdministratorFromEnv, SETUP_CLOSED_MESSAGE } from "@/lib/domain/administrators";
import { CLIENT_ADDRESS, tableCounts } from "../support/db-helpers";
import { form, signAs } from "../support/fixtures";

// Auth.js signs in by setting a cookie and throwing Next's redirect, which needs a real request;
// record the calls instead. next-auth itself cannot load outside Next ("next/server" import).
const authjs = vi.hoisted(() => ({ signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const { AuthError } = await import("next-auth");
const { setupAction, signInAction, signOutAction } = await import("@/lib/actions/auth");

const FIRST = { email: "First.Admin@Example.com", name: "First Admin", password: "correct horse battery staple" };

async function allAdministrators() {
  return getDb().select().from(administrators);
}

beforeEach(() => {
  signAs(null);
  authjs.signIn.mockReset().mockResolvedValue(undefined);
  authjs.signOut.mockReset().mockResolvedValue(undefined);
});

// Runs first: the database has no administrator yet.
describe("setupAction on an empty database", () => {
  it.each([
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["an email with SQL", { email: "a@b.c'; drop table administrators;--" }, "email"],
    ["a blank email", { email: "   " }, "email"],
    ["a short password", { password: "short" }, "password"],
    ["a 10,000-character password", { password: "p".repeat(10_000) }, "password"],
    ["an HTML name", { name: "<script>alert(1)</script>" }, "name"],
    ["a blank name", { name: "  " }, "name"],
  ])("refuses %s with a field error, creates nothing and never echoes the password", async (_label, override, field) => {
    const before = await tableCounts();
    const result = await setupAction(null, form({ ...FIRST, ...override }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.any(String)] } });
    expect(result.ok ? {} : result.values).not.toHaveProperty("password");
    expect(JSON.stringify(result)).not.toContain(FIRST.password);
    expect(await tableCounts()).toEqual(before);
    expect(authjs.signIn).not.toHaveBeenCalled();
  });

  it("reports every invalid field at once", async () => {
    const result = await setupAction(null, form({ email: "x", name: "", password: "short" }));
    expect(Object.keys(result.ok ? {} : result.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password"]);
    expect(await allAdministrators()).toEqual([]);
  });

  it.each([["a string", "email=a@b.c"], ["a number", 1], ["null", null], ["an array", [FIRST]]])("answers %s payload with a clear message", async (_l, payload) => {
    expect(await setupAction(null, payload)).toEqual({ ok: false, message: UNREADABLE_MESSAGE });
    expect(await allAdministrators()).toEqual([]);
  });

  it("creates the first administrator with an argon2id hash and an audit event, then signs in", async () => {
    const result = await setupAction(null, form(FIRST));
    expect(result).toEqual({ ok: true });
    const [admin, ...others] = await allAdministrators();
    expect(others).toEqual([]);
    expect(admin).toMatchObject({ email: "first.admin@example.com", name: "First Admin", role: "admin" });
    expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(admin!.passwordHash).not.toContain(FIRST.password);
    expect(JSON.stringify(admin)).not.toContain(FIRST.password);
    expect(await verifyPassword(admin!.passwordHash, FIRST.password)).toBe(true);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, admin!.id));
    expect(events).toEqual([
      expect.objectContaining({
        actorId: admin!.id,
        actorEmail: "first.admin@example.com",
        action: "administrator.create",
        targetType: "administrator",
        targetName: "first.admin@example.com",
        clientAddress: CLIENT_ADDRESS,
        details: { role: "admin", source: "setup" },
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(FIRST.password);
    expect(authjs.signIn).toHaveBeenCalledExactlyOnceWith("credentials", {
      email: "first.admin@example.com",
      password: FIRST.password,
      redirectTo: "/", // app/page.tsx sends each role to its home
    });
  });

  it("refuses a second setup and creates nothing", async () => {
    const before = await tableCounts();
    const result = await setupAction(null, form({ email: "second@example.com", name: "Second", password: "another long password" }));
    expect(result).toEqual({ ok: false, message: SETUP_CLOSED_MESSAGE });
    expect(SETUP_CLOSED_MESSAGE).toMatch(/^Setup is already complete/);
    expect(await tableCounts()).toEqual(before);
    expect(authjs.signIn).not.toHaveBeenCalled();
  });
});

describe("setupAction racing itself", () => {
  beforeAll(async () => {
    await getDb().delete(administrators);
  });

  it("creates exactly one administrator when two setups arrive at once", async () => {
    const results = await Promise.all([
      setupAction(null, form({ ...FIRST, email: "racer-one@example.com" })),
      setupAction(null, form({ ...FIRST, email: "racer-two@example.com" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, message: SETUP_CLOSED_MESSAGE }]);
    expect(await allAdministrators()).toHaveLength(1);
  });
});

describe("signInAction", () => {
  it("hands normalised credentials to Auth.js", async () => {
    expect(await signInAction(null, form({ email: "  First.Admin@Example.com ", password: FIRST.password }))).toEqual({ ok: true });
    expect(authjs.signIn).toHaveBeenCalledExactlyOnceWith("credentials", {
      email: "first.admin@example.com",
      password: FIRST.password,
      redirectTo: "/",
    });
  });

  it("turns an Auth.js refusal into a message that keeps the email but not the password", async () => {
    authjs.signIn.mockRejectedValue(new AuthError("CredentialsSignin"));
    const result = await signInAction(null, form({ email: "someone@example.com", password: "wrong password" }));
    expect(result).toEqual({ ok: false, message: "Wrong email or password.", values: { email: "someone@example.com" } });
  });

  it("lets Next's redirect (thrown on success) propagate", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;push;/admin/service-accounts;307;" });
    authjs.signIn.mockRejectedValue(redirect);
    await expect(signInAction(null, form({ email: "a@example.com", password: "x" }))).rejects.toBe(redirect);
  });

  it.each([
    ["empty fields", { email: "", password: "" }, ["email", "password"]],
    ["a blank email", { email: "   ", password: "x" }, ["email"]],
    ["10,000 characters", { email: "a".repeat(10_000), password: "p".repeat(10_000) }, ["email", "password"]],
  ])("refuses %s with field errors, without calling Auth.js", async (_label, fields, errored) => {
    const result = await signInAction(null, form(fields));
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.fieldErrors ?? {}).sort()).toEqual(errored);
    expect(JSON.stringify(result)).not.toContain("p".repeat(50));
    expect(authjs.signIn).not.toHaveBeenCalled();
  });

  it.each([["a string", "x"], ["a number", 0], ["null", null], ["an array", []]])("answers %s payload with a clear message", async (_l, payload) => {
    expect(await signInAction(null, payload)).toEqual({ ok: false, message: UNREADABLE_MESSAGE });
    expect(authjs.signIn).not.toHaveBeenCalled();
  });

  it("signs out to the login page", async () => {
    await signOutAction();
    expect(authjs.signOut).toHaveBeenCalledExactlyOnceWith({ redirectTo: "/login" });
  });
});

describe("bootstrapAdministratorFromEnv", () => {
  const saved = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD, name: process.env.ADMIN_NAME };
  const setEnv = (email?: string, password?: string) => {
    for (const [key, value] of [["ADMIN_EMAIL", email], ["ADMIN_PASSWORD", password]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    delete process.env.ADMIN_NAME;
  };
  afterEach(() => {
    setEnv(saved.email, saved.password);
    if (saved.name !== undefined) process.env.ADMIN_NAME = saved.name;
  });

  it("changes nothing (never resets a password) when an administrator exists", async () => {
    const [existing] = await allAdministrators();
    setEnv("env-admin@example.com", "environment password 1");
    expect(await bootstrapAdministratorFromEnv()).toBe("skipped");
    expect(await allAdministrators()).toEqual([existing]);
  });

  it("is not configured without both variables, and creates nothing", async () => {
    await getDb().delete(administrators);
    for (const [email, password] of [[undefined, undefined], ["env-admin@example.com", undefined], [undefined, "environment password 1"], ["   ", "environment password 1"]]) {
      setEnv(email, password);
      expect(await bootstrapAdministratorFromEnv()).toBe("not-configured");
    }
    expect(await allAdministrators()).toEqual([]);
  });

  it("refuses invalid variables with an error that names them", async () => {
    setEnv("not-an-email", "short");
    await expect(bootstrapAdministratorFromEnv()).rejects.toThrow(/ADMIN_EMAIL: .*ADMIN_PASSWORD: Use at least 12 characters/);
    expect(await allAdministrators()).toEqual([]);
  });

  it("creates the first administrator once, then is idempotent", async () => {
    setEnv("  Env-Admin@Example.com ", "environment password 1");
    expect(await bootstrapAdministratorFromEnv()).toBe("created");
    const [admin, ...others] = await allAdministrators();
    expect(others).toEqual([]);
    expect(admin).toMatchObject({ email: "env-admin@example.com", name: "Administrator", role: "admin" });
    expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin!.passwordHash, "environment password 1")).toBe(true);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, admin!.id));
    expect(events).toEqual([expect.objectContaining({ action: "administrator.create", clientAddress: null, details: { role: "admin", source: "environment" } })]);

    setEnv("env-admin@example.com", "a different password");
    expect(await bootstrapAdministratorFromEnv()).toBe("skipped");
    expect(await allAdministrators()).toEqual([admin]);
  });
});
