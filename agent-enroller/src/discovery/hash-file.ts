/**
 * Streaming sha256 of a file, cached by identity (device, inode, size, mtime) so a 250 MB native binary is
 * read once per change rather than once per scan.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

const cache = new Map<string, { key: string; sha256: string }>();

export async function hashFile(options: { file: string }): Promise<string> {
  const st = await stat(options.file);
  const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  const hit = cache.get(options.file);
  if (hit && hit.key === key) return hit.sha256;
  const hash = createHash("sha256");
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(options.file, { highWaterMark: 1 << 20 });
    stream.on("data", (chunk) => hash.update(chunk));
    stream.on("error", reject);
    stream.on("end", () => resolve());
  });
  const sha256 = hash.digest("hex");
  cache.set(options.file, { key, sha256 });
  return sha256;
}

/** Like hashFile, but null when the file cannot be read (a scan never fails on one unreadable file). */
export async function tryHashFile(options: { file: string | null }): Promise<string | null> {
  if (!options.file) return null;
  try {
    return await hashFile({ file: options.file });
  } catch {
    return null;
  }
}
