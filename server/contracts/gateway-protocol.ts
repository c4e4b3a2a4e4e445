/**
 * The device protocol for the local gateway (issue 8), validated on both ends:
 * - `POST /api/device/v1/secrets`: the gateway asks for the tenant's provider credential for one ACTIVE agent
 *   identity on this device; the answer is kept in memory only, for at most `ttlSec`.
 * - `POST /api/device/v1/usage`: the gateway reports metered requests (usage records) and its quota snapshot; the
 *   answer carries the server's usage totals across every device (for the quota engine's applyServerUsage), the
 *   limits that apply on this device, the tenant's effective price table and the attribution of its people.
 */
import { z } from "zod";
import { ZModelProvider, ZPriceTable, ZTokenUsage } from "./pricing";

export const gatewayProtocolPaths = {
  secrets: "/api/device/v1/secrets",
  usage: "/api/device/v1/usage",
} as const;

/** How long a device may keep a provider secret in memory. */
export const DEVICE_SECRET_TTL_SEC = 300;

export const ZDeviceSecretRequest = z.strictObject({
  identityId: z.string().min(1).max(64),
  provider: ZModelProvider,
});
export type TDeviceSecretRequest = z.infer<typeof ZDeviceSecretRequest>;

export const ZDeviceSecretResponse = z.strictObject({
  secretId: z.string(),
  version: z.number().int().positive(),
  headerName: z.string().min(1),
  /** The full header value (prefix included, e.g. "Bearer sk-..."). */
  value: z.string().min(1),
  ttlSec: z.number().int().positive(),
  expiresAt: z.iso.datetime(),
});
export type TDeviceSecretResponse = z.infer<typeof ZDeviceSecretResponse>;

export const quotaScopeKinds = ["identity", "person", "device", "project", "businessUnit", "environment"] as const;
export const ZQuotaScopeKind = z.enum(quotaScopeKinds);
export const ZQuotaScope = z.strictObject({ kind: ZQuotaScopeKind, id: z.string().min(1).max(200) });
export type TQuotaScopeRef = z.infer<typeof ZQuotaScope>;

export const ZQuotaSnapshotEntry = z.strictObject({
  scope: ZQuotaScope,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tokens: z.number().int().nonnegative(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  usd: z.number().finite().nonnegative(),
});

export const ZUsageReport = z.strictObject({
  requestId: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
  identityId: z.string().min(1).max(64).nullable(),
  provider: ZModelProvider,
  model: z.string().min(1).max(200),
  api: z.string().max(64).nullable(),
  outcome: z.string().min(1).max(40),
  usage: ZTokenUsage,
  usageEstimated: z.boolean(),
  latencyMs: z.number().nonnegative().max(86_400_000),
});
export type TUsageReport = z.infer<typeof ZUsageReport>;

export const MAX_USAGE_RECORDS_PER_SYNC = 1000;

export const ZUsageSyncRequest = z.strictObject({
  records: z.array(ZUsageReport).max(MAX_USAGE_RECORDS_PER_SYNC),
  /** This gateway process's quota snapshot (quotaEngine.snapshot()), keyed by a per-process epoch. */
  snapshot: z
    .strictObject({
      epoch: z.string().min(1).max(64),
      id: z.number().int().nonnegative(),
      entries: z.array(ZQuotaSnapshotEntry).max(500),
    })
    .nullable(),
});
export type TUsageSyncRequest = z.infer<typeof ZUsageSyncRequest>;

export const ZQuotaLimitsWire = z.strictObject({
  requestsPerMinute: z.number().int().positive().optional(),
  tokensPerDay: z.number().int().positive().optional(),
  usdPerMonth: z.number().finite().positive().optional(),
  concurrentRequests: z.number().int().positive().optional(),
});

export const ZAttribution = z.strictObject({
  project: z.string().optional(),
  businessUnit: z.string().optional(),
  environment: z.string().optional(),
});
export type TAttribution = z.infer<typeof ZAttribution>;

export const ZUsageSyncResponse = z.strictObject({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Totals across every device of the tenant for the scopes this device uses (quotaEngine.applyServerUsage). */
  serverUsage: z.strictObject({ snapshotId: z.number().int().nonnegative().nullable(), entries: z.array(ZQuotaSnapshotEntry) }),
  limits: z.array(z.strictObject({ scope: ZQuotaScope, limits: ZQuotaLimitsWire })),
  priceTable: ZPriceTable,
  /** Per person (id): the project, business unit and environment their agents' usage counts against. */
  attribution: z.record(z.string(), ZAttribution),
});
export type TUsageSyncResponse = z.infer<typeof ZUsageSyncResponse>;
