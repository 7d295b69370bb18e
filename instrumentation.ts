/** Runs once when the Next.js server starts, before it serves any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startUpOrExit } = await import("./lib/startup");
    await startUpOrExit();
  }
}
