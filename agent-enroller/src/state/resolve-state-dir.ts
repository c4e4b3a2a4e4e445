/** Where the enroller keeps its state: $MARSHAL_HOME, else /var/lib/marshal for root, else ~/.marshal. */
import os from "node:os";
import path from "node:path";

export function resolveStateDir(options: { env?: Record<string, string | undefined>; isRoot?: boolean } = {}): string {
  const env = options.env ?? process.env;
  if (env.MARSHAL_HOME) return path.resolve(env.MARSHAL_HOME);
  const isRoot = options.isRoot ?? (typeof process.getuid === "function" && process.getuid() === 0);
  if (isRoot && process.platform !== "win32") return "/var/lib/marshal";
  return path.join(env.HOME || env.USERPROFILE || os.homedir(), ".marshal");
}
