/**
 * Everything a scan reads from its surroundings, gathered once so tests can point a scan at a temporary HOME
 * and PATH without touching process globals.
 */
import os from "node:os";
import type { TDeviceOs } from "../../../server/contracts/device";

export type TScanContext = {
  os: TDeviceOs;
  home: string;
  /** Directories of PATH, in order. */
  pathDirs: string[];
  env: Record<string, string | undefined>;
  /** Process ids never reported as agents (the enroller itself). */
  ignorePids: Set<number>;
};

export function toDeviceOs(platform: NodeJS.Platform): TDeviceOs {
  if (platform === "darwin") return "darwin";
  if (platform === "win32") return "windows";
  return "linux";
}

export function createScanContext(options: { env?: Record<string, string | undefined>; platform?: NodeJS.Platform } = {}): TScanContext {
  const env = options.env ?? process.env;
  const deviceOs = toDeviceOs(options.platform ?? process.platform);
  const home = (deviceOs === "windows" ? env.USERPROFILE : env.HOME) || os.homedir();
  const pathValue = env.PATH ?? env.Path ?? "";
  const sep = deviceOs === "windows" ? ";" : ":";
  const pathDirs = [...new Set(pathValue.split(sep).filter((d) => d.length > 0))];
  return { os: deviceOs, home, pathDirs, env, ignorePids: new Set([process.pid]) };
}
