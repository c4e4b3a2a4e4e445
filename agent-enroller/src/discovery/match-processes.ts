/** Which running processes belong to an installation: by executable or argv path, else by process name. */
import path from "node:path";
import { isWithin, type TFoundInstallation } from "./found-installation";
import type { TProcessInfo } from "./list-processes";

export function matchProcesses(options: {
  installation: TFoundInstallation;
  processes: TProcessInfo[];
  ignorePids: Set<number>;
  byNameToo: boolean;
}): number[] {
  const { installation, processes, ignorePids, byNameToo } = options;
  const sep = path.sep;
  const nameRes = byNameToo ? installation.entry.processNames.map((p) => new RegExp(p)) : [];
  const pids: number[] = [];
  for (const proc of processes) {
    if (ignorePids.has(proc.pid)) continue;
    const candidates = [proc.exe, ...proc.argv.slice(0, 4)].filter((p): p is string => !!p && path.isAbsolute(p));
    let hit = candidates.some((c) => installation.matchPaths.some((m) => isWithin({ child: c, parent: m, sep })));
    if (!hit && nameRes.length > 0) {
      const base = path.basename(proc.exe ?? proc.argv[0] ?? "");
      hit = nameRes.some((re) => re.test(base));
    }
    if (hit) pids.push(proc.pid);
  }
  return pids.sort((a, b) => a - b);
}
