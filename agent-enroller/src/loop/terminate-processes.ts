/**
 * Ends processes and their descendants: SIGTERM, a grace period, then SIGKILL for what is left. Returns what
 * happened per pid so a revoke can be acknowledged with proof.
 */
import { readFileSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { sleep } from "./backoff";

/** Alive and not a zombie (an exited child its parent has not reaped yet holds no resources and runs nothing). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS, Windows): trust kill(0)
  }
}

/** Descendants via /proc/<pid>/stat parent links (Linux); elsewhere only the given pids. */
export async function listDescendants(options: { pids: number[] }): Promise<number[]> {
  let entries: string[];
  try {
    entries = (await readdir("/proc")).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  await Promise.all(
    entries.map(async (n) => {
      try {
        const stat = await readFile(`/proc/${n}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        parentOf.set(Number(n), ppid);
      } catch {
        /* gone */
      }
    }),
  );
  const out = new Set<number>();
  let frontier = new Set(options.pids);
  while (frontier.size > 0) {
    const next = new Set<number>();
    for (const [pid, ppid] of parentOf) if (frontier.has(ppid) && !out.has(pid) && !options.pids.includes(pid)) next.add(pid);
    for (const p of next) out.add(p);
    frontier = next;
  }
  return [...out];
}

export async function terminateProcesses(options: { pids: number[]; graceMs?: number }): Promise<{ terminated: number[]; killed: number[]; survivors: number[] }> {
  const all = [...new Set([...options.pids, ...(await listDescendants({ pids: options.pids }))])].filter((p) => p !== process.pid);
  for (const pid of all) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone or not ours */
    }
  }
  const deadline = Date.now() + (options.graceMs ?? 3000);
  while (Date.now() < deadline && all.some(isAlive)) await sleep({ ms: 50 });
  const killed: number[] = [];
  for (const pid of all.filter(isAlive)) {
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      /* gone */
    }
  }
  await sleep({ ms: 50 });
  const survivors = all.filter(isAlive);
  return { terminated: all.filter((p) => !survivors.includes(p)), killed, survivors };
}
