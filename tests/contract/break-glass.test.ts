// Issue 23 item 4 over real HTTP, both drivers: with AUTH_PASSWORD_SIGN_IN=false the management API
// refuses to demote or remove the last enabled admin with a password (the break-glass sign-in), as
// the People page does: both call lib/domain/people.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { administrators } from "@/db/schema";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

let server: ContractServer<{ tokens: Tokens; breakGlassId: string }>;
beforeAll(async () => {
  server = await startContractServer(
    async (db) => {
      const [breakGlass] = await db
        .insert(administrators)
        .values({ email: "break-glass@example.test", name: "Break Glass", role: "admin", passwordHash: "$argon2id$placeholder", createdAt: new Date(Date.now() - 60_000) })
        .returning();
      return { tokens: await seedTokens(db), breakGlassId: breakGlass!.id };
    },
    {
      env: {
        AUTH_PASSWORD_SIGN_IN: "false",
        // Password sign-in off needs single sign-on configured; nothing here signs in with it.
        AUTH_URL: "http://localhost:9",
        AUTH_OIDC_ISSUER: "http://localhost:9",
        AUTH_OIDC_CLIENT_ID: "client",
        AUTH_OIDC_CLIENT_SECRET: "client-secret",
      },
    },
  );
});
afterAll(async () => {
  await server?.dispose();
});

describe("break-glass over the management API", () => {
  it("the last enabled admin with a password is neither demoted nor removed while password sign-in is off", async () => {
    const { tokens, breakGlassId } = server.fixtures;
    const demoted = await api(server.baseUrl, "PATCH", `/api/v1/people/${breakGlassId}`, { token: tokens.write, body: { role: "viewer" } });
    expect(demoted.status, demoted.text).toBe(422);
    expect(problemOf(demoted).errors?.role?.[0]).toMatch(/last enabled admin with a password.*AUTH_PASSWORD_SIGN_IN=false/);
    const removed = await api(server.baseUrl, "DELETE", `/api/v1/people/${breakGlassId}`, { token: tokens.write });
    expect(removed.status, removed.text).toBe(409);
    expect(problemOf(removed).detail).toMatch(/break-glass/);
    const person = await api(server.baseUrl, "GET", "/api/v1/people", { token: tokens.read });
    expect(person.text).toContain('"email":"break-glass@example.test"');
  });
});
