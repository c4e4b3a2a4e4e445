/**
 * Cross-tenant lookups of the agent-identity capability (the only places it uses the unscoped client):
 * the public JWKS of a tenant by its slug (anyone may fetch it to verify agent tokens), and the revocation
 * webhook by id (the SIEM's request names the webhook; its HMAC then proves the caller).
 */
import { rootDb } from "./client";
import { createMicroBatcher, type TMicroBatcher } from "./create-micro-batcher";
import { devicesPool } from "./devices";

export async function listPublishedSigningKeysBySlug(opts: { tenantSlug: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const tenant = await rootDb().tenant.findUnique({ where: { slug: opts.tenantSlug }, select: { id: true } });
  if (!tenant) return null;
  const keys = await rootDb().agentSigningKey.findMany({
    where: { tenantId: tenant.id, OR: [{ status: "active" }, { publishUntil: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, publicJwk: true, status: true, publishUntil: true },
  });
  return { tenantId: tenant.id, keys };
}

export async function resolveRevocationWebhookById(opts: { webhookId: string }) {
  const hook = await rootDb().revocationWebhook.findUnique({
    where: { id: opts.webhookId },
    select: { id: true, tenantId: true, name: true, secretEnc: true, revokedAt: true, tenant: { select: { slug: true } } },
  });
  if (!hook || hook.revokedAt) return null;
  return { id: hook.id, tenantId: hook.tenantId, tenantSlug: hook.tenant.slug, name: hook.name, secretEnc: hook.secretEnc };
}

/**
 * The hot path of a tenant-wide kill switch: a device's `delivered` ack (command pending -> delivered, and its
 * revocation target pending -> delivered). Returns null when nothing changed, so the caller falls back to the
 * careful path that tells why (unknown command, never sent, already acknowledged).
 * Concurrent acks are micro-batched (server/db/create-micro-batcher.ts): ONE statement on the device pool per
 * batch, committed (durably) before any of its callers is answered. Raw SQL lives here (server/db) by rule; every
 * row is matched on its own tenant id, like forTenant would.
 */
export async function recordDeliveredAck(opts: TDeliveredAck): Promise<{ revocationId: string | null } | null> {
  ackBatcher ??= createMicroBatcher({ flush: recordDeliveredAcks, maxBatch: 1000, maxInFlight: 1 });
  return ackBatcher.submit(opts);
}

type TDeliveredAck = { tenantId: string; deviceId: string; commandId: string; at: Date };
let ackBatcher: TMicroBatcher<TDeliveredAck, { revocationId: string | null } | null> | undefined;

/** recordDeliveredAck for many acks in ONE statement; a command acked twice in a batch changes once (the first). */
export async function recordDeliveredAcks(acks: TDeliveredAck[]): Promise<({ revocationId: string | null } | null)[]> {
  if (acks.length === 0) return [];
  const firstOf = new Map<string, number>();
  const unique: number[] = [];
  acks.forEach((a, i) => {
    if (!firstOf.has(a.commandId)) {
      firstOf.set(a.commandId, i);
      unique.push(i);
    }
  });
  // Rows are locked in command id order, so two batches (two nodes) touching the same commands cannot deadlock.
  unique.sort((x, y) => (acks[x]!.commandId < acks[y]!.commandId ? -1 : 1));
  const { rows } = await devicesPool().query<{ id: string; revocationId: string | null }>({
    name: "marshal_record_delivered_acks",
    text: `WITH req AS (
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[]) AS r("tenantId", "deviceId", "commandId", "at")
           ), locked AS (
             SELECT c."id", r."at" FROM "DeviceCommand" c JOIN req r
               ON c."id" = r."commandId" AND c."deviceId" = r."deviceId" AND c."tenantId" = r."tenantId"
             WHERE c."status" = 'pending' AND c."sentAt" IS NOT NULL
             ORDER BY c."id" FOR UPDATE OF c
           ), cmd AS (
             UPDATE "DeviceCommand" c SET "status" = 'delivered', "deliveredAt" = l."at"
             FROM locked l WHERE c."id" = l."id" AND c."status" = 'pending'
             RETURNING c."id", c."tenantId", l."at"
           ), tgt AS (
             UPDATE "RevocationTarget" t SET "status" = 'delivered', "deliveredAt" = cmd."at"
             FROM cmd WHERE t."commandId" = cmd."id" AND t."tenantId" = cmd."tenantId" AND t."status" = 'pending'
             RETURNING t."commandId", t."revocationId"
           )
           SELECT cmd."id", tgt."revocationId" FROM cmd LEFT JOIN tgt ON tgt."commandId" = cmd."id"`,
    values: [
      unique.map((i) => acks[i]!.tenantId),
      unique.map((i) => acks[i]!.deviceId),
      unique.map((i) => acks[i]!.commandId),
      unique.map((i) => utcTimestamp(acks[i]!.at)),
    ],
  });
  const changed = new Map(rows.map((r) => [r.id, { revocationId: r.revocationId }]));
  return acks.map((a, i) => (firstOf.get(a.commandId) === i ? (changed.get(a.commandId) ?? null) : null));
}

/** Prisma keeps DateTime as UTC in `timestamp(3)` columns: pass instants as UTC wall-clock text. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "");
}

/**
 * Fan-out hot path: marks open commands as sent and returns them, in ONE statement, so a node writes them to the
 * held streams right after (an ack can never find its command unsent). `where` is either explicit ids, or the
 * never-sent commands of the given devices older than `olderThan` (the sweeper).
 */
export async function claimCommandsForSend(opts: { tenantId: string; ids?: string[]; deviceIds?: string[]; olderThan?: Date }) {
  const db = rootDb();
  type TRow = { id: string; deviceId: string; type: string; payload: unknown; createdAt: Date };
  if (opts.ids) {
    if (opts.ids.length === 0) return [];
    return db.$queryRaw<TRow[]>`
      UPDATE "DeviceCommand" SET "sentAt" = now(), "attempts" = "attempts" + 1
      WHERE "id" = ANY(${opts.ids}::text[]) AND "tenantId" = ${opts.tenantId} AND "status" IN ('pending', 'delivered')
      RETURNING "id", "deviceId", "type", "payload", "createdAt"`;
  }
  if (!opts.deviceIds || opts.deviceIds.length === 0) return [];
  return db.$queryRaw<TRow[]>`
    UPDATE "DeviceCommand" SET "sentAt" = now(), "attempts" = "attempts" + 1
    WHERE "deviceId" = ANY(${opts.deviceIds}::text[]) AND "tenantId" = ${opts.tenantId} AND "status" = 'pending'
      AND "sentAt" IS NULL AND "createdAt" < ${opts.olderThan ?? new Date()}
    RETURNING "id", "deviceId", "type", "payload", "createdAt"`;
}
