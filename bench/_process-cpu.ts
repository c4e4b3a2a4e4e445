/**
 * CPU time of the processes a benchmark runs (Linux /proc; null elsewhere), so a figure holds on a shared machine:
 * wall clock depends on what else runs, CPU seconds per operation much less. Not a scenario (run.ts skips `_*`).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const USER_HZ = 100;

/** utime + stime, and cutime + cstime (children that ended and were waited for: PostgreSQL's closed backends). */
function ticksOf(pid: string): { ticks: number; reapedChildren: number; parent: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ticks: Number(fields[11]) + Number(fields[12]), reapedChildren: Number(fields[13]) + Number(fields[14]), parent: fields[1]! };
  } catch {
    return null;
  }
}

/** User + system CPU seconds used so far by one process (a child server, say). */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== "linux") return null;
  const t = ticksOf(String(pid));
  return t ? t.ticks / USER_HZ : null;
}

/** CPU seconds used so far by a PostgreSQL server (postmaster and its backends), found from its data directory. */
export function postgresCpuSeconds(dataDir: string | null): number | null {
  if (!dataDir || process.platform !== "linux") return null;
  try {
    const master = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]!.trim();
    let ticks = 0;
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      const t = ticksOf(pid);
      if (t && pid === master) ticks += t.ticks + t.reapedChildren;
      else if (t && t.parent === master) ticks += t.ticks;
    }
    return ticks / USER_HZ;
  } catch {
    return null;
  }
}

/** The data directory of the database behind DATABASE_URL when it runs on this machine and we may read it. */
export async function localPostgresDataDir(): Promise<string | null> {
  try {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
      return rows[0]?.data_directory ?? null;
    } finally {
      await client.end();
    }
  } catch {
    return null;
  }
}

/** Starts a CPU meter over this process, one child and PostgreSQL; `stop(n)` gives microseconds per operation. */
export async function startCpuMeter(opts: { childPid?: number }) {
  const dataDir = await localPostgresDataDir();
  const self0 = process.cpuUsage();
  const child0 = processCpuSeconds(opts.childPid);
  const pg0 = postgresCpuSeconds(dataDir);
  return {
    stop(operations: number) {
      const self = process.cpuUsage(self0);
      const child1 = processCpuSeconds(opts.childPid);
      const pg1 = postgresCpuSeconds(dataDir);
      const per = (seconds: number | null) => (seconds === null || operations === 0 ? null : Math.round((seconds * 1e6) / operations));
      return {
        operations,
        serverCpuUsPerOp: child0 === null || child1 === null ? null : per(child1 - child0),
        postgresCpuUsPerOp: pg0 === null || pg1 === null ? null : per(pg1 - pg0),
        clientCpuUsPerOp: per((self.user + self.system) / 1e6),
      };
    },
  };
}

/** The pid of this process's child whose command line contains `needle` (a server the harness spawned), or undefined. */
export function findChildPid(needle: string): number | undefined {
  if (process.platform !== "linux") return undefined;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    const t = ticksOf(pid);
    if (!t || t.parent !== String(process.pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle)) return Number(pid);
    } catch {
      /* ended meanwhile */
    }
  }
  return undefined;
}
