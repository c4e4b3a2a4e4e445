/** Test helper: lets a test own a system directory (e.g. /etc/claude-code) and puts back whatever was there. */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TCompiledFile } from "@/server/contracts/agent-policy";

export function takeOverSystemDir({ dir }: { dir: string }): { restore: () => void; clear: () => void } {
  const backup = `${dir}.marshal-test-backup-${process.pid}`;
  const hadOriginal = existsSync(dir);
  if (hadOriginal) renameSync(dir, backup);
  return {
    clear: () => rmSync(dir, { recursive: true, force: true }),
    restore: () => {
      rmSync(dir, { recursive: true, force: true });
      if (hadOriginal) renameSync(backup, dir);
    },
  };
}

export function writeCompiledFiles({ files }: { files: readonly TCompiledFile[] }): void {
  for (const file of files) {
    mkdirSync(path.dirname(file.pathByOs.linux), { recursive: true });
    writeFileSync(file.pathByOs.linux, file.content, { mode: 0o644 });
  }
}
