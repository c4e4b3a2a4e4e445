/**
 * One pg-boss per server process, shared by every capability's background jobs. Started from the
 * Next server process by instrumentation.ts (register()), or by any worker script with startJobs().
 * Capabilities add their queues with `registerJobs(fn)` before or after start: each registration
 * runs once the boss is up.
 *
 * Env: MARSHAL_JOBS=0 disables the workers in this process (e.g. a console node that should only
 * serve requests); jobs are still enqueued and run by another node.
 */
import PgBoss from "pg-boss";

type TRegistration = (boss: PgBoss) => Promise<void>;
type TState = { boss?: PgBoss; starting?: Promise<PgBoss>; registrations: TRegistration[]; applied: Set<TRegistration> };
const globalForJobs = globalThis as unknown as { __marshalJobs?: TState };
const state: TState = (globalForJobs.__marshalJobs ??= { registrations: [], applied: new Set() });

/** The running boss, or undefined when this process has not started one (tests, scripts). */
export function runningBoss(): PgBoss | undefined {
  return state.boss;
}

export function registerJobs(registration: TRegistration): void {
  if (state.registrations.includes(registration)) return;
  state.registrations.push(registration);
  if (state.boss) void apply(state.boss, registration);
}

async function apply(boss: PgBoss, registration: TRegistration) {
  if (state.applied.has(registration)) return;
  state.applied.add(registration);
  try {
    await registration(boss);
  } catch (error) {
    state.applied.delete(registration);
    console.error("[jobs] registration failed", error);
    throw error;
  }
}

export async function startJobs({ connectionString = process.env.DATABASE_URL }: { connectionString?: string } = {}): Promise<PgBoss> {
  if (state.boss) return state.boss;
  if (state.starting) return state.starting;
  if (!connectionString) throw new Error("DATABASE_URL is not set: cannot start the job queue");
  state.starting = (async () => {
    const boss = new PgBoss({ connectionString, application_name: "marshal-jobs", max: Number(process.env.MARSHAL_JOBS_POOL_SIZE ?? 4) });
    boss.on("error", (error) => console.error("[jobs] pg-boss error", error.message));
    await boss.start();
    state.boss = boss;
    for (const registration of state.registrations) await apply(boss, registration);
    return boss;
  })();
  try {
    return await state.starting;
  } finally {
    state.starting = undefined;
  }
}

export async function stopJobs({ graceful = true }: { graceful?: boolean } = {}): Promise<void> {
  const boss = state.boss;
  state.boss = undefined;
  state.applied.clear();
  if (boss) await boss.stop({ graceful, wait: true });
}
