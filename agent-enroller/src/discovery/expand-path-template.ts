/**
 * Turns a catalog path template into a real path for this device, or null when the template does not apply
 * (another OS, or a Windows folder variable that is not set).
 */
import path from "node:path";
import type { TPlatformPath } from "../../../server/contracts/agent-catalog";
import type { TScanContext } from "./scan-context";

export function expandPathTemplate(options: { template: TPlatformPath; ctx: TScanContext }): string | null {
  const { template, ctx } = options;
  let raw: string;
  if (typeof template === "string") raw = template;
  else {
    if (!template.os.includes(ctx.os)) return null;
    raw = template.path;
  }
  const winVars: Record<string, string | undefined> = {
    APPDATA: ctx.env.APPDATA ?? (ctx.os === "windows" ? path.join(ctx.home, "AppData", "Roaming") : undefined),
    LOCALAPPDATA: ctx.env.LOCALAPPDATA ?? (ctx.os === "windows" ? path.join(ctx.home, "AppData", "Local") : undefined),
    USERPROFILE: ctx.home,
  };
  let missing = false;
  let out = raw.replace(/%([A-Z_]+)%/g, (_m, name: string) => {
    const v = winVars[name];
    if (!v) missing = true;
    return v ?? "";
  });
  out = out.replace(/\$XDG_CONFIG_HOME/g, () => ctx.env.XDG_CONFIG_HOME || path.join(ctx.home, ".config"));
  if (out === "~") out = ctx.home;
  else if (out.startsWith("~/")) out = path.join(ctx.home, out.slice(2));
  if (missing) return null;
  return path.normalize(out);
}
