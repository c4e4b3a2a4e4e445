/** Runs `<binary> --version` (the catalog's versionArgs) with a short timeout; first semver-like token wins. */
import { execFile } from "node:child_process";

export function extractVersion(options: { text: string }): string | null {
  const m = options.text.match(/\b(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)\b/);
  return m ? m[1]! : null;
}

export function readCommandVersion(options: { file: string; args: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      options.file,
      options.args,
      { timeout: options.timeoutMs ?? 5000, maxBuffer: 64 * 1024, env: options.env, windowsHide: true },
      (_err, stdout, stderr) => resolve(extractVersion({ text: `${stdout ?? ""}\n${stderr ?? ""}` })),
    );
  });
}
