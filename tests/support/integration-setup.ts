import { afterAll, vi } from "vitest";
import { closeDb, getDbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { provisionTestDatabase } from "./test-database";
import { requestContext } from "./next-mocks";

// Next.js request APIs have no request outside the server: tests supply one (see next-mocks.ts).
vi.mock("next/headers", () => ({ headers: async () => requestContext.headers }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/auth/current", () => ({ currentAdministratorId: async () => requestContext.administratorId }));

const database = await provisionTestDatabase();
delete process.env.DATABASE_URL;
Object.assign(process.env, database.env);
await runMigrations(getDbHandle());

afterAll(async () => {
  await closeDb();
  await database.drop();
});
