/**
 * The bundled enroller (agent-enroller/dist/marshal-enroller.mjs, one file, Node 20+) that `enroll.sh`
 * downloads, with its sha256. Built on demand with agent-enroller/build.ts (in a child process, so esbuild stays
 * out of the console's own bundle) when the file is missing or older than the enroller's sources, then kept in
 * memory. Concurrent first requests share one build.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

export type TEnrollerBundle = { content: Buffer; sha256: string; bytes: number; builtAt: Date };

const execFileAsync = promisify(execFile);

function repoRoot(): string {
  return path.resolve(process.env.MARSHAL_ROOT ?? process.cwd());
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (/\.(ts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsStale(options: { root: string; bundle: string }): boolean {
  if (!existsSync(options.bundle)) return true;
  const built = statSync(options.bundle).mtimeMs;
  const sources = Math.max(newestSourceMtime(path.join(options.root, "agent-enroller", "src")), newestSourceMtime(path.join(options.root, "server", "contracts")));
  return sources > built;
}

async function buildAndRead(): Promise<TEnrollerBundle> {
  const root = repoRoot();
  const bundle = path.join(root, "agent-enroller", "dist", "marshal-enroller.mjs");
  const buildScript = path.join(root, "agent-enroller", "build.ts");
  if (bundleIsStale({ root, bundle })) {
    if (!existsSync(buildScript)) throw new Error(`the enroller bundle ${bundle} is missing and ${buildScript} is not there to build it`);
    await execFileAsync(process.execPath, ["--import", "tsx", buildScript], { cwd: root, timeout: 120_000 });
  }
  const content = await readFile(bundle);
  return { content, sha256: createHash("sha256").update(content).digest("hex"), bytes: content.length, builtAt: statSync(bundle).mtime };
}

const globalForBundle = globalThis as unknown as { __marshalEnrollerBundle?: Promise<TEnrollerBundle> };

export function loadEnrollerBundle(): Promise<TEnrollerBundle> {
  globalForBundle.__marshalEnrollerBundle ??= buildAndRead().catch((err: unknown) => {
    globalForBundle.__marshalEnrollerBundle = undefined;
    throw err;
  });
  return globalForBundle.__marshalEnrollerBundle;
}
