/** Small filesystem helpers that answer "no" instead of throwing: scans must survive missing or odd files. */
import { readFile, readdir, realpath, stat } from "node:fs/promises";

export async function pathExists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

export async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

export async function tryRealpath(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

export async function tryReadText(p: string, maxBytes = 8 * 1024 * 1024): Promise<string | null> {
  try {
    const st = await stat(p);
    if (!st.isFile() || st.size > maxBytes) return null;
    return await readFile(p, "utf8");
  } catch {
    return null;
  }
}

export async function tryReadJson(p: string): Promise<unknown> {
  const text = await tryReadText(p);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function tryReaddir(p: string): Promise<string[]> {
  try {
    return await readdir(p);
  } catch {
    return [];
  }
}
