/**
 * The process table: /proc on Linux (cmdline + exe link), `ps` on macOS, CIM on Windows. A process the
 * enroller may not inspect keeps what could be read; the scan never fails because of one process.
 */
import { execFile } from "node:child_process";
import { readFile, readdir, readlink } from "node:fs/promises";
import type { TDeviceOs } from "../../../server/contracts/device";

export type TProcessInfo = { pid: number; exe: string | null; argv: string[] };

export async function listProcesses(options: { os: TDeviceOs; procRoot?: string }): Promise<TProcessInfo[]> {
  if (options.os === "linux") return listLinuxProcesses(options.procRoot ?? "/proc");
  if (options.os === "darwin") return listPsProcesses();
  return listWindowsProcesses();
}

async function listLinuxProcesses(procRoot: string): Promise<TProcessInfo[]> {
  let names: string[];
  try {
    names = await readdir(procRoot);
  } catch {
    return [];
  }
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const out = await Promise.all(
    pids.map(async (pid): Promise<TProcessInfo | null> => {
      let argv: string[] = [];
      try {
        argv = (await readFile(`${procRoot}/${pid}/cmdline`, "utf8")).split("\0").filter((a) => a.length > 0);
      } catch {
        return null; // exited while we looked
      }
      let exe: string | null = null;
      try {
        exe = (await readlink(`${procRoot}/${pid}/exe`)).replace(/ \(deleted\)$/, "");
      } catch {
        exe = null;
      }
      if (argv.length === 0 && exe === null) return null; // kernel thread
      return { pid, exe, argv };
    }),
  );
  return out.filter((p): p is TProcessInfo => p !== null);
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000, maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (_e, stdout) => resolve(stdout ?? ""));
  });
}

async function listPsProcesses(): Promise<TProcessInfo[]> {
  const text = await run("ps", ["-axww", "-o", "pid=,comm=,args="]);
  const out: TProcessInfo[] = [];
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*(\d+)\s+(\S+)\s+(.*)$/);
    if (!m) continue;
    // `args` is space-joined; argv boundaries are lost, which is enough for path matching.
    out.push({ pid: Number(m[1]), exe: m[2]!.startsWith("/") ? m[2]! : null, argv: m[3]!.split(/\s+/) });
  }
  return out;
}

async function listWindowsProcesses(): Promise<TProcessInfo[]> {
  const text = await run("powershell.exe", [
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "Get-CimInstance Win32_Process | Select-Object ProcessId,ExecutablePath,CommandLine | ConvertTo-Json -Compress",
  ]);
  try {
    const rows = JSON.parse(text) as Array<{ ProcessId: number; ExecutablePath: string | null; CommandLine: string | null }>;
    return rows.map((r) => ({ pid: r.ProcessId, exe: r.ExecutablePath, argv: (r.CommandLine ?? "").match(/"[^"]*"|\S+/g)?.map((a) => a.replace(/^"|"$/g, "")) ?? [] }));
  } catch {
    return [];
  }
}
