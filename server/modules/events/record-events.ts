/**
 * recordEvents: THE way every capability (devices, kill switch, registry, SCIM, gateway...) writes
 * events. One call = one batched multi-row insert (chunked), never one commit per event.
 *
 *   await recordEvents({ scope, events: [{ type: "revocation.created", key: `revocation:${id}`, ... }] });
 *
 * - Idempotent on (tenant, key, time): give a stable `key` (e.g. `revocation:<id>:created`) and a
 *   fixed `time` and a retried call stores nothing twice. Without a key a random one is used.
 * - Secrets in params / intent / target are redacted (redactDeviceEvent) before storage.
 * - All-or-nothing validation: one invalid draft rejects the call (AppError BAD_REQUEST) and
 *   nothing is stored. (Device batches, where good events must survive bad ones, go through
 *   ingestDeviceEvents.)
 * - Sinks of the tenant are nudged so SIEM delivery starts at once.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ZDeviceEventInput, describeEventType, type TDeviceEventInput, type TEvent } from "@/server/contracts/events";
import { insertEventRows } from "@/server/db/events";
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { eventToRow } from "./event-row";
import { redactDeviceEvent } from "./redact-secrets";
import { kickSinkDelivery } from "./sinks/kick-sink-delivery";

export const ZEventDraft = ZDeviceEventInput.extend({
  key: ZDeviceEventInput.shape.key.optional(),
  time: z.union([ZDeviceEventInput.shape.time, z.date()]).optional(),
});
export type TEventDraft = z.input<typeof ZEventDraft>;

export type TRecordEventsResult = {
  /** Newly stored events. */
  inserted: number;
  /** Events whose key was already stored (a retry): accepted, not stored again. */
  duplicates: number;
  /** Ids of the newly stored events, by key. */
  ids: Record<string, string>;
};

/** Builds canonical events (id, receive time, severity, redaction) from validated inputs. */
export function toCanonicalEvents({ tenantId, events, now = new Date() }: { tenantId: string; events: TDeviceEventInput[]; now?: Date }): TEvent[] {
  const receivedAt = now.toISOString();
  return events.map((input) => {
    const { severity, ...rest } = redactDeviceEvent(input);
    return { ...rest, id: randomUUID(), tenantId, receivedAt, severity: severity ?? describeEventType(input.type).severity };
  });
}

/** Stores already validated events of one tenant (shared by recordEvents and device ingest). */
export async function storeEvents({ tenantId, events, withIds = true }: { tenantId: string; events: TEvent[]; /** false: `ids` stays empty (cheaper: device ingest). */ withIds?: boolean }): Promise<TRecordEventsResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0, ids: {} };
  const { inserted, insertedCount } = await insertEventRows({ rows: events.map(eventToRow), returnIds: withIds });
  const ids: Record<string, string> = {};
  for (const row of inserted) ids[row.key] = row.id;
  if (insertedCount > 0) kickSinkDelivery({ tenantId });
  return { inserted: insertedCount, duplicates: events.length - insertedCount, ids };
}

export async function recordEvents({ scope, events }: { scope: Pick<TTenantScope, "tenantId">; events: TEventDraft[] }): Promise<TRecordEventsResult> {
  const valid: TDeviceEventInput[] = [];
  const problems: string[] = [];
  const keys = new Set<string>();
  events.forEach((draft, index) => {
    const parsed = ZEventDraft.safeParse(draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`event ${index}: ${issue?.path.join(".") || "event"}: ${issue?.message ?? "invalid"}`);
      return;
    }
    const time = parsed.data.time instanceof Date ? parsed.data.time.toISOString() : (parsed.data.time ?? new Date().toISOString());
    const key = parsed.data.key ?? `auto:${randomUUID()}`;
    if (keys.has(key)) {
      problems.push(`event ${index}: duplicate key ${key} in this call`);
      return;
    }
    keys.add(key);
    valid.push({ ...parsed.data, key, time });
  });
  if (problems.length > 0) throw new AppError("BAD_REQUEST", `Events not recorded: ${problems.slice(0, 5).join("; ")}`);
  return storeEvents({ tenantId: scope.tenantId, events: toCanonicalEvents({ tenantId: scope.tenantId, events: valid }) });
}
