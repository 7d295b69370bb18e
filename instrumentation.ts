/** Runs once when the Next.js server starts, before it serves any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startUp } = await import("./lib/startup");
  try {
    await startUp();
  } catch (error) {
    // A server that cannot migrate must not come up answering 500s: stop with the reason.
    console.error(`[startup] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
