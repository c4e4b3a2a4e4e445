/**
 * The tenant's registry settings, kept under `registry` in Tenant.settings (other capabilities own other keys):
 * the verdict unreviewed products get, whether drift is repaired automatically, and what a device does with
 * the install of a blocked product.
 */
import { z } from "zod";
import { ZBlockedHandling } from "@/server/contracts/attestation";
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";

/**
 * Route agents through the enroller's loopback gateway and OTLP receiver (with-device-gateway.ts): managed settings
 * then point Claude Code, Codex and Gemini CLI at 127.0.0.1:<port>, with `<apiKeyHelper> --product <slug>` printing
 * their agent token. Off by default: agents then need the tenant's provider keys on the server (Secrets).
 */
export const ZAgentGatewaySettings = z.strictObject({
  enabled: z.boolean().default(false),
  port: z.number().int().min(1).max(65535).default(47821),
  otlpPort: z.number().int().min(1).max(65535).default(4318),
  apiKeyHelper: z.string().min(1).max(500).regex(/^[^\r\n]+$/, "one line").default("marshal-enroller agent-token"),
});

export const ZRegistrySettings = z.strictObject({
  /** The verdict of a product nobody has reviewed yet. */
  defaultVerdict: z.enum(["unreviewed", "sanctioned", "tolerated", "blocked"]).default("unreviewed"),
  /** Re-apply the compiled files when a device reports drift (the drift is reported either way). */
  autoRepair: z.boolean().default(true),
  /** What a device does with a blocked product's install after stopping its processes. */
  blockedInstallHandling: ZBlockedHandling.default("quarantine"),
  agentGateway: ZAgentGatewaySettings.default(ZAgentGatewaySettings.parse({})),
});
export type TRegistrySettings = z.infer<typeof ZRegistrySettings>;

/** A change to some settings (no defaults: what is not named stays as it is). */
export const ZRegistrySettingsPatch = z.object({
  defaultVerdict: z.enum(["unreviewed", "sanctioned", "tolerated", "blocked"]).optional(),
  autoRepair: z.boolean().optional(),
  blockedInstallHandling: ZBlockedHandling.optional(),
  agentGateway: ZAgentGatewaySettings.partial().optional(),
});

export const DEFAULT_REGISTRY_SETTINGS: TRegistrySettings = ZRegistrySettings.parse({});

/** Reads the settings from a Tenant.settings value; anything unreadable falls back to the defaults. */
export function parseRegistrySettings({ settings }: { settings: unknown }): TRegistrySettings {
  const stored = (settings as { registry?: unknown } | null)?.registry;
  const parsed = ZRegistrySettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_REGISTRY_SETTINGS;
}

export async function readRegistrySettings({ scope }: { scope: TTenantScope }): Promise<TRegistrySettings> {
  const tenant = await scope.db.tenant.findFirstOrThrow({ select: { settings: true } });
  return parseRegistrySettings({ settings: tenant.settings });
}

export async function updateRegistrySettings({ scope, patch }: { scope: TTenantScope; patch: unknown }): Promise<TRegistrySettings> {
  const parsedPatch = ZRegistrySettingsPatch.strict().safeParse(patch);
  if (!parsedPatch.success) {
    throw new AppError("BAD_REQUEST", parsedPatch.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`).join("; "));
  }
  return scope.db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findFirstOrThrow({ select: { settings: true } });
    const before = parseRegistrySettings({ settings: tenant.settings });
    const changes: Record<string, unknown> = Object.fromEntries(Object.entries(parsedPatch.data).filter(([, v]) => v !== undefined));
    if (parsedPatch.data.agentGateway) changes.agentGateway = { ...before.agentGateway, ...parsedPatch.data.agentGateway };
    const after = ZRegistrySettings.parse({ ...before, ...changes });
    const all = { ...((tenant.settings as Record<string, unknown> | null) ?? {}), registry: after };
    await tx.tenant.update({ where: { id: scope.tenantId }, data: { settings: all as object } });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "registry.settings_changed", target: { type: "tenant", id: scope.tenantId }, summary: { before, after } });
    return after;
  });
}
