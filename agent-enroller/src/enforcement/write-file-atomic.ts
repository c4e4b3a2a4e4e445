/**
 * Atomic replacement of a file: write a temp file in the same directory, fsync it, rename it over the target, fsync
 * the directory. A reader (the agent) sees the old bytes or the new ones, never a torn file; a crash leaves at most
 * a stray temp file.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

export async function writeFileAtomic({ file, content, mode = 0o644 }: { file: string; content: string; mode?: number }): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const tmp = path.join(dir, `.${path.basename(file)}.marshal-${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(tmp, "wx", mode);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, mode); // the umask may have narrowed it
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir({ dir });
}

async function syncDir({ dir }: { dir: string }): Promise<void> {
  if (process.platform === "win32") return; // directories cannot be opened for fsync there
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* some filesystems refuse fsync on a directory; the rename is still atomic */
  }
}

/** Errors that mean "this process lacks the rights" rather than "something is broken". */
export function isPermissionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === "EACCES" || code === "EPERM" || code === "EROFS";
}
