// The sign-in limiter (issue 5, "Rate limiting"): failed sign-ins per email + client address.
// Auth.js cannot load outside Next, so its signIn is replaced by what it does with credentials:
// it calls authorize (lib/auth/credentials.ts) with the request's headers and throws an AuthError
// carrying the refusal's code.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { insertAdministrator } from "@/db/queries/administrators";
import { WRONG_CREDENTIALS } from "@/lib/actions/define-action";
import { checkCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { readRateLimitConfig } from "@/lib/rate-limit/config";
import { requestContext } from "../support/next-mocks";
import { form, uniqueName } from "../support/fixtures";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const { AuthError } = await import("next-auth");
const { signInAction } = await import("@/lib/actions/auth");

const LIMIT = readRateLimitConfig().signIn;
const PASSWORD = "correct horse battery staple";
const TOO_MANY = /^Too many failed sign-ins for this email from your address\. Try again in 15 minutes\.$/;

let email: string;

/** Signs in from `address` (server.ts's client-address header), as the dashboard's form does. */
function signInFrom(address: string, fields: { email: string; password: string }) {
  requestContext.headers = new Headers({ [CLIENT_ADDRESS_HEADER]: address });
  return signInAction(null, form(fields));
}

beforeAll(() => {
  expect(LIMIT.failures).toBeGreaterThan(1);
});

beforeEach(async () => {
  email = `${uniqueName("limited")}@example.test`;
  await insertAdministrator(getDb(), { email, name: "Limited", passwordHash: await hashPassword(PASSWORD), role: "admin" });
  authjs.signIn.mockReset().mockImplementation(async (_provider: string, fields: { email: string; password: string }) => {
    const result = await checkCredentials(fields, requestContext.headers.get(CLIENT_ADDRESS_HEADER));
    if (!result.ok) throw Object.assign(new AuthError("CredentialsSignin"), { code: result.code });
  });
});

async function failTimes(address: string, times: number, who = email) {
  for (let i = 0; i < times; i++) {
    expect(await signInFrom(address, { email: who, password: `wrong password ${i}` })).toEqual({
      ok: false,
      message: WRONG_CREDENTIALS,
      values: { email: who },
    });
  }
}

describe("signInAction under the sign-in limit", () => {
  it(`refuses the attempt after ${LIMIT.failures} failures with the wait, without checking the password`, async () => {
    await failTimes("198.51.100.20", LIMIT.failures);
    expect(authjs.signIn).toHaveBeenCalledTimes(LIMIT.failures);

    const refused = await signInFrom("198.51.100.20", { email: ` ${email.toUpperCase()} `, password: PASSWORD });
    expect(refused).toMatchObject({ ok: false, values: { email } });
    expect(refused.ok ? "" : refused.message).toMatch(TOO_MANY);
    expect(authjs.signIn).toHaveBeenCalledTimes(LIMIT.failures);
    // Auth.js's own endpoint (/api/auth/callback/credentials) refuses the right password too.
    expect(await checkCredentials({ email, password: PASSWORD }, "198.51.100.20")).toEqual({ ok: false, code: "rate_limited" });
  });

  it("leaves another email from the same address, and the same email from another address, alone", async () => {
    await failTimes("198.51.100.21", LIMIT.failures);
    const other = `${uniqueName("other")}@example.test`;
    await insertAdministrator(getDb(), { email: other, name: "Other", passwordHash: await hashPassword(PASSWORD), role: "admin" });

    await failTimes("198.51.100.21", 1, other);
    expect(await signInFrom("198.51.100.21", { email: other, password: PASSWORD })).toEqual({ ok: true });
    expect(await signInFrom("198.51.100.22", { email, password: PASSWORD })).toEqual({ ok: true });
    const still = await signInFrom("198.51.100.21", { email, password: PASSWORD });
    expect(still.ok ? "" : still.message).toMatch(TOO_MANY);
  });

  it("forgets the failures of an email + address after a successful sign-in", async () => {
    await failTimes("198.51.100.23", LIMIT.failures - 1);
    expect(await signInFrom("198.51.100.23", { email, password: PASSWORD })).toEqual({ ok: true });
    await failTimes("198.51.100.23", LIMIT.failures);
    const refused = await signInFrom("198.51.100.23", { email, password: PASSWORD });
    expect(refused.ok ? "" : refused.message).toMatch(TOO_MANY);
  });

  it("counts attempts for unknown emails too, without revealing that they are unknown", async () => {
    const nobody = `${uniqueName("nobody")}@example.test`;
    await failTimes("198.51.100.24", LIMIT.failures, nobody);
    const refused = await signInFrom("198.51.100.24", { email: nobody, password: PASSWORD });
    expect(refused.ok ? "" : refused.message).toMatch(TOO_MANY);
  });

  it("does not count a form that never reached the password check", async () => {
    for (let i = 0; i < LIMIT.failures + 1; i++) {
      const result = await signInFrom("198.51.100.25", { email, password: "" });
      expect(result).toMatchObject({ ok: false, fieldErrors: { password: [expect.any(String)] } });
    }
    expect(await signInFrom("198.51.100.25", { email, password: PASSWORD })).toEqual({ ok: true });
  });
});
