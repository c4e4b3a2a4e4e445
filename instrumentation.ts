/**
 * Next.js instrumentation hook: runs once when a server process starts. Starts this process's
 * pg-boss workers (server/jobs/boss.ts; SIEM delivery, partitions, retention) in the Node runtime
 * only, never during `next build`, and not when MARSHAL_JOBS=0.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build" || process.env.MARSHAL_JOBS === "0") return;
  if (!process.env.DATABASE_URL) return;
  const { startAllJobs } = await import("./server/jobs/start-jobs");
  try {
    await startAllJobs();
  } catch (error) {
    console.error("[jobs] could not start the job queue; SIEM delivery and retention will not run on this node", error);
  }
}
