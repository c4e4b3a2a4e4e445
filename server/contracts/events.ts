/**
 * The event model: one semantic record of something an agent, a device, an admin or the
 * directory did. Shared by the console (ingest, explorer, SIEM export) and the enroller
 * (which builds `TDeviceEventInput`s and sends them in batches).
 *
 * Pure zod: no imports from server/modules (the enroller imports this file).
 *
 * Text policy (UTF-8): every string must be encodable as UTF-8 and storable in PostgreSQL
 * `text`/`jsonb`, so lone UTF-16 surrogates and NUL (U+0000) are rejected. U+FFFD is a valid
 * character and is accepted: invalid bytes must be caught earlier, where the bytes are
 * decoded: transports must decode request bodies with `decodeUtf8Strict` (fatal decoding),
 * which refuses the whole body instead of silently turning bad bytes into U+FFFD.
 */
import { z } from "zod";

export const ZEventSeverity = z.enum(["info", "low", "medium", "high", "critical"]);
export type TEventSeverity = z.infer<typeof ZEventSeverity>;

export const ZEventCategory = z.enum([
  "device",
  "discovery",
  "policy",
  "enforcement",
  "identity",
  "revocation",
  "agent",
  "usage",
  "admin",
  "directory",
  "auth",
  "rollout",
  "pipeline",
  "telemetry",
  "custom",
]);
export type TEventCategory = z.infer<typeof ZEventCategory>;

export type TEventCatalogEntry = {
  /** Short human title (CEF name, OCSF activity name when unmapped, explorer column). */
  title: string;
  description: string;
  category: TEventCategory;
  /** Default severity; an event may carry its own. */
  severity: TEventSeverity;
};

/** The documented catalog. Adding a type is a contract change: add it here with a description. */
export const EVENT_CATALOG = {
  "device.enrolled": { title: "Device enrolled", description: "A device completed enrollment and registered its public key.", category: "device", severity: "info" },
  "device.unenrolled": { title: "Device unenrolled", description: "A device was removed from the estate (admin action or self-unenroll).", category: "device", severity: "low" },
  "discovery.agent_found": { title: "Agent found", description: "The enroller discovered an installed agent (product, version, path, hash).", category: "discovery", severity: "info" },
  "discovery.agent_removed": { title: "Agent removed", description: "A previously discovered agent installation is gone from the device.", category: "discovery", severity: "info" },
  "policy.applied": { title: "Policy applied", description: "The device applied a policy revision to an agent's managed settings.", category: "policy", severity: "info" },
  "policy.drifted": { title: "Policy drifted", description: "An agent's effective settings no longer match the applied policy.", category: "policy", severity: "medium" },
  "policy.repaired": { title: "Policy repaired", description: "The enroller restored drifted settings to the applied policy.", category: "policy", severity: "low" },
  "policy.apply_failed": { title: "Policy apply failed", description: "The device could not apply a policy revision.", category: "policy", severity: "high" },
  "process.blocked": { title: "Process blocked", description: "A blocked agent was started and the enroller stopped it.", category: "enforcement", severity: "high" },
  "install.quarantined": { title: "Install quarantined", description: "An agent installation that is not allowed (blocked product, unpinned hash, untrusted source) was quarantined.", category: "enforcement", severity: "high" },
  "identity.issued": { title: "Identity issued", description: "An agent identity was created or issued short-lived credentials.", category: "identity", severity: "info" },
  "identity.revoked": { title: "Identity revoked", description: "An agent identity was revoked; its credentials are refused from now on.", category: "identity", severity: "medium" },
  "identity.suspended": { title: "Identity suspended", description: "An agent identity was suspended (temporarily refused).", category: "identity", severity: "medium" },
  "revocation.created": { title: "Revocation created", description: "A kill-switch order was created (manual, SCIM or SIEM trigger).", category: "revocation", severity: "high" },
  "revocation.delivered": { title: "Revocation delivered", description: "A device received a kill-switch order.", category: "revocation", severity: "medium" },
  "revocation.stopped": { title: "Revocation stopped", description: "A device acknowledged that the targeted agents are stopped.", category: "revocation", severity: "medium" },
  "revocation.failed": { title: "Revocation failed", description: "A device could not carry out a kill-switch order.", category: "revocation", severity: "critical" },
  "revocation.restored": { title: "Revocation restored", description: "An admin lifted a kill-switch order; the identities it revoked may be issued credentials again.", category: "revocation", severity: "medium" },
  "agent.tool_call": { title: "Tool call", description: "An agent called a tool (shell, file edit, MCP tool, ...).", category: "agent", severity: "info" },
  "agent.model_request": { title: "Model request", description: "An agent sent a request to a model provider.", category: "agent", severity: "info" },
  "agent.user_prompt": { title: "User prompt", description: "The person submitted a prompt to the agent.", category: "agent", severity: "info" },
  "agent.session_start": { title: "Session started", description: "An agent session started.", category: "agent", severity: "info" },
  "agent.session_end": { title: "Session ended", description: "An agent session ended.", category: "agent", severity: "info" },
  "agent.usage_reported": { title: "Usage reported", description: "An agent reported aggregated usage (tokens or cost) through its own telemetry metrics.", category: "usage", severity: "info" },
  "quota.hit": { title: "Quota hit", description: "A request was refused because a quota or rate limit was reached.", category: "usage", severity: "medium" },
  "budget.breached": { title: "Budget breached", description: "Spend crossed a configured budget.", category: "usage", severity: "high" },
  "admin.action": { title: "Admin action", description: "A console member changed configuration (registry, policy, sinks, members, ...).", category: "admin", severity: "low" },
  "scim.user_created": { title: "User created", description: "The identity provider provisioned a person over SCIM.", category: "directory", severity: "info" },
  "scim.user_updated": { title: "User updated", description: "The identity provider updated a person over SCIM.", category: "directory", severity: "info" },
  "scim.user_deactivated": { title: "User deactivated", description: "The identity provider deactivated a person (active=false); their agents lose authority.", category: "directory", severity: "medium" },
  "scim.user_deleted": { title: "User deleted", description: "The identity provider deleted a person.", category: "directory", severity: "medium" },
  "scim.group_changed": { title: "Group changed", description: "A SCIM group or its membership changed.", category: "directory", severity: "info" },
  "auth.sign_in": { title: "Console sign-in", description: "A member signed in to the console.", category: "auth", severity: "info" },
  "auth.sign_in_failed": { title: "Console sign-in failed", description: "A sign-in to the console failed.", category: "auth", severity: "medium" },
  "rollout.stage_advanced": { title: "Rollout advanced", description: "A rollout moved to its next ring (dev, staging, prod).", category: "rollout", severity: "info" },
  "rollout.halted": { title: "Rollout halted", description: "A rollout stopped on a failed health gate or by an admin.", category: "rollout", severity: "medium" },
  "rollout.rolled_back": { title: "Rollout rolled back", description: "A rollout was rolled back.", category: "rollout", severity: "high" },
  "enroller.enrolled": { title: "Enroller enrolled", description: "The device-side record of an enrollment (machine id, hostname), sent once the device's key is registered.", category: "device", severity: "info" },
  "enroller.command_handled": { title: "Device command handled", description: "The enroller handled a command from the console (type, outcome and detail in params).", category: "device", severity: "info" },
  "enroller.events_dropped": { title: "Events dropped", description: "The device's offline event buffer was full and dropped its oldest events (count in params.dropped).", category: "pipeline", severity: "medium" },
  "telemetry.otel_log": { title: "Agent telemetry", description: "An OpenTelemetry log record from an agent that has no more specific mapping.", category: "telemetry", severity: "info" },
} as const satisfies Record<string, TEventCatalogEntry>;

export type TCatalogEventType = keyof typeof EVENT_CATALOG;
export const CATALOG_EVENT_TYPES = Object.keys(EVENT_CATALOG) as TCatalogEventType[];

/** Customer- or integration-defined events live under `custom.` and take default metadata. */
export const CUSTOM_EVENT_TYPE_PATTERN = /^custom\.[a-z0-9][a-z0-9_.-]{0,62}$/;

export const ZEventType = z.union([
  z.enum(CATALOG_EVENT_TYPES as [TCatalogEventType, ...TCatalogEventType[]]),
  z
    .string()
    .regex(CUSTOM_EVENT_TYPE_PATTERN, "type must be in the event catalog or match custom.<name> (lower case)")
    .transform((value) => value as `custom.${string}`),
]);
export type TEventType = z.infer<typeof ZEventType>;

const CUSTOM_ENTRY: TEventCatalogEntry = {
  title: "Custom event",
  description: "An event outside the Marshal catalog (custom.*).",
  category: "custom",
  severity: "info",
};

/** Catalog metadata of any valid type (custom types get a generic entry). */
export function describeEventType(type: TEventType): TEventCatalogEntry {
  return (EVENT_CATALOG as Record<string, TEventCatalogEntry>)[type] ?? CUSTOM_ENTRY;
}

export const ZEventOutcome = z.enum(["allowed", "denied", "error", "success", "unknown"]);
export type TEventOutcome = z.infer<typeof ZEventOutcome>;

// ---- text checks -------------------------------------------------------------------------

/** True when the string has a lone surrogate (not encodable as UTF-8) or NUL (not storable in Postgres). */
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;

export function hasUnstorableText(value: string): boolean {
  // Fast path (the common case): no NUL and no surrogate at all.
  if (!MAYBE_UNSTORABLE.test(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0) return true;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

const TEXT_MESSAGE = "must be valid UTF-8 text (no lone surrogates, no NUL)";

function text(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !hasUnstorableText(value), TEXT_MESSAGE);
}

/** Decode request bytes as UTF-8, refusing invalid sequences instead of replacing them with U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

// ---- params --------------------------------------------------------------------------------

export const MAX_PARAMS_BYTES = 16 * 1024;
const MAX_PARAMS_DEPTH = 16;

function paramsProblem(value: unknown, depth: number): string | undefined {
  if (depth > MAX_PARAMS_DEPTH) return `params nest deeper than ${MAX_PARAMS_DEPTH} levels`;
  if (value === null || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "params numbers must be finite";
  if (typeof value === "string") return hasUnstorableText(value) ? `params strings ${TEXT_MESSAGE}` : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = paramsProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (hasUnstorableText(key)) return `params keys ${TEXT_MESSAGE}`;
      const problem = paramsProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return "params must be plain JSON (objects, arrays, strings, finite numbers, booleans, null)";
}

export const ZEventParams = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const problem = paramsProblem(value, 0);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return;
  }
  const json = JSON.stringify(value);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short JSON cannot exceed the limit, so skip encoding it.
  const bytes = json.length * 3 <= MAX_PARAMS_BYTES ? 0 : new TextEncoder().encode(json).byteLength;
  if (bytes > MAX_PARAMS_BYTES) {
    ctx.addIssue({ code: "custom", message: `params is ${bytes} bytes serialized; the limit is ${MAX_PARAMS_BYTES}` });
  }
});
export type TEventParams = z.infer<typeof ZEventParams>;

// ---- parts -----------------------------------------------------------------------------------

const ZId = text(128, 1);

export const ZEventActor = z.strictObject({
  /** The AgentIdentity that acted. */
  identityId: ZId.optional(),
  /** Agent product slug from the agent catalog, e.g. "claude-code". */
  productSlug: text(64, 1).optional(),
  productVersion: text(64, 1).optional(),
  /** For admin actions: the console member. */
  memberId: ZId.optional(),
  email: text(320, 3).optional(),
});
export type TEventActor = z.infer<typeof ZEventActor>;

export const ZEventOnBehalfOf = z.strictObject({
  personId: ZId.optional(),
  userName: text(320, 1).optional(),
});
export type TEventOnBehalfOf = z.infer<typeof ZEventOnBehalfOf>;

export const ZEventDevice = z.strictObject({
  id: ZId.optional(),
  hostname: text(255, 1).optional(),
});
export type TEventDevice = z.infer<typeof ZEventDevice>;

const ZTokenCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ZEventTokens = z.strictObject({
  in: ZTokenCount,
  out: ZTokenCount,
  cacheRead: ZTokenCount,
  cacheWrite: ZTokenCount,
});
export type TEventTokens = z.infer<typeof ZEventTokens>;

export const ZEventCorrelation = z.strictObject({
  sessionId: ZId.optional(),
  revocationId: ZId.optional(),
  rolloutId: ZId.optional(),
  requestId: ZId.optional(),
});
export type TEventCorrelation = z.infer<typeof ZEventCorrelation>;

const ZIsoTime = z.iso.datetime({ offset: true });

/** Fields common to what a device sends and what is stored. */
const eventBody = {
  /** Idempotency key: the same key from the same tenant is stored once, however often it is retried. */
  key: text(128, 1),
  /** When it happened (ISO 8601 with offset or Z). */
  time: ZIsoTime,
  type: ZEventType,
  actor: ZEventActor.default({}),
  onBehalfOf: ZEventOnBehalfOf.default({}),
  device: ZEventDevice.default({}),
  /** What the actor meant to do, e.g. the tool name or the admin operation. */
  intent: text(1024, 1).optional(),
  /** What it acted on: a repo, a path, a model, a device, a user. */
  target: text(2048, 1).optional(),
  /** Parameters, secrets redacted (see server/contracts/redact-secrets.ts). */
  params: ZEventParams.optional(),
  outcome: ZEventOutcome.default("unknown"),
  costUsd: z.number().finite().min(0).max(1_000_000).optional(),
  tokens: ZEventTokens.optional(),
  correlation: ZEventCorrelation.default({}),
};

/** The canonical event: the shape stored and exported. */
export const ZEvent = z.strictObject({
  id: z.uuid(),
  tenantId: ZId,
  receivedAt: ZIsoTime,
  severity: ZEventSeverity,
  ...eventBody,
});
export type TEvent = z.infer<typeof ZEvent>;

/** What a device sends: no id, tenant or receive time (the server adds them); severity defaults from the catalog. */
export const ZDeviceEventInput = z.strictObject({
  severity: ZEventSeverity.optional(),
  ...eventBody,
});
export type TDeviceEventInput = z.infer<typeof ZDeviceEventInput>;

// ---- batches -----------------------------------------------------------------------------------

export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
export const MAX_EVENT_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export type TRejectedEvent = { key: string; reason: string };
export type TParsedEventBatch = { valid: TDeviceEventInput[]; rejected: TRejectedEvent[] };

/** A batch that cannot be read at all (not an array, too many events). Nothing in it is accepted. */
export class EventBatchError extends Error {
  override name = "EventBatchError";
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

function keyOf(raw: unknown, index: number): string {
  if (raw && typeof raw === "object" && "key" in raw) {
    const key = (raw as { key: unknown }).key;
    if (typeof key === "string" && key.length > 0 && key.length <= 128 && !hasUnstorableText(key)) return key;
  }
  return `#${index}`;
}

/**
 * Validate a device's batch event by event: one bad event never sinks the batch.
 * Rejected events are reported by key (or `#<index>` when the key itself is unusable).
 * Throws `EventBatchError` only when the batch as a whole is unreadable.
 */
export function parseDeviceEventBatch({ events, now = new Date() }: { events: unknown; now?: Date }): TParsedEventBatch {
  if (!Array.isArray(events)) throw new EventBatchError("events must be an array");
  if (events.length > MAX_EVENTS_PER_BATCH) {
    throw new EventBatchError(`a batch holds at most ${MAX_EVENTS_PER_BATCH} events; got ${events.length}`);
  }
  const valid: TDeviceEventInput[] = [];
  const rejected: TRejectedEvent[] = [];
  const seen = new Set<string>();
  const nowMs = now.getTime();
  events.forEach((raw, index) => {
    const key = keyOf(raw, index);
    const parsed = ZDeviceEventInput.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ key, reason: describeIssues(parsed.error) });
      return;
    }
    const timeMs = Date.parse(parsed.data.time);
    if (timeMs > nowMs + MAX_FUTURE_SKEW_MS) {
      rejected.push({ key, reason: "time is more than 5 minutes in the future" });
      return;
    }
    if (timeMs < nowMs - MAX_EVENT_AGE_MS) {
      rejected.push({ key, reason: "time is more than 30 days in the past" });
      return;
    }
    if (seen.has(parsed.data.key)) {
      rejected.push({ key, reason: "duplicate key in this batch" });
      return;
    }
    seen.add(parsed.data.key);
    valid.push(parsed.data);
  });
  return { valid, rejected };
}
