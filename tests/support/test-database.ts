import { randomBytes } from "node:crypto";
import postgres from "postgres";

/**
 * Gives each integration test file its own empty database: an in-memory PGlite, or a fresh
 * database on the TEST_DATABASE_URL server (created here, dropped in `drop`).
 */
export async function provisionTestDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (process.env.TEST_DRIVER !== "postgres") {
    return { env: { PGLITE_DIR: "memory://" }, drop: async () => {} };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("TEST_DRIVER=postgres needs TEST_DATABASE_URL");
  const name = `sa_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const sql = postgres(base, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}
