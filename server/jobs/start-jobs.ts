/**
 * Starts this process's job workers: imports every capability's job registrations, then the boss.
 * Called from instrumentation.ts (Next server) and from worker scripts.
 */
import "./event-jobs";
import "./rollout-jobs";
import "./audit-jobs";
import { startJobs } from "./boss";

export async function startAllJobs({ connectionString }: { connectionString?: string } = {}) {
  return startJobs({ connectionString });
}
