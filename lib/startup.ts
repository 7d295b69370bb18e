import { getDbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { bootstrapAdministratorFromEnv } from "@/lib/domain/administrators";
import { describeError } from "@/lib/errors";

const store = globalThis as typeof globalThis & { __serviceAccountsStartup?: Promise<void> };

/** Migrations, then the optional first administrator. Runs once per process; awaited before serving. */
export function startUp(): Promise<void> {
  store.__serviceAccountsStartup ??= (async () => {
    const handle = getDbHandle();
    await runMigrations(handle);
    const admin = await bootstrapAdministratorFromEnv();
    console.info(
      `[startup] database ready (${handle.driver}: ${handle.location})` +
        (admin === "created" ? "; first administrator created from ADMIN_EMAIL" : ""),
    );
  })();
  return store.__serviceAccountsStartup;
}

/** For the server entry: a server that cannot migrate must not come up answering 500s. */
export async function startUpOrExit(): Promise<void> {
  try {
    await startUp();
  } catch (error) {
    console.error(`[startup] failed: ${describeError(error)}`);
    process.exit(1);
  }
}
