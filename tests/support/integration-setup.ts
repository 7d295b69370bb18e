import { afterAll, vi } from "vitest";
import { closeDb, getDbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { provisionTestDatabase } from "./test-database";
import { requestContext } from "./next-mocks";

// Next.js request APIs have no request outside the server: tests supply one (see next-mocks.ts).
vi.mock("next/headers", () => ({ headers: async () => requestContext.headers }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Who is signed in: signAs() in fixtures.ts picks an administrator's real session (a row in `sessions`).
vi.mock("@/lib/auth/current", async () => ({ currentSessionToken: (await import("./fixtures")).currentTestSessionToken }));

// Many suites change rows with SQL of their own, which announces nothing: the check cache stays
// off here, except in the suites about it (tests/integration/check-cache*.test.ts turn it on).
process.env.CHECK_CACHE_MAX_ENTRIES ??= "0";
const database = await provisionTestDatabase();
delete process.env.DATABASE_URL;
Object.assign(process.env, database.env);
await runMigrations(getDbHandle());

afterAll(async () => {
  await closeDb();
  await database.drop();
});
