/**
 * Console/REST operations on SIEM sinks. Every mutation appends an audit entry in its transaction.
 * Secrets are write-only (encrypted at rest; lists show only whether one is set).
 */
import { z } from "zod";
import { currentIngestHorizon, countSinkBacklog, selectEventsByIds } from "@/server/db/event-sinks";
import { eventsPool } from "@/server/db/events";
import { AppError } from "@/server/errors";
import { runningBoss } from "@/server/jobs/boss";
import type { TTenantScope } from "../../tenant-scope";
import { appendAudit } from "../../audit/append-audit";
import { rowToEvent } from "../event-row";
import { ZCreateEventSinkInput, ZUpdateEventSinkInput, configSchemaFor, type TSinkTransportKind } from "./sink-config";
import { sealSinkSecret } from "./sink-secret";
import { sendToSink } from "./send-to-sink";
import { sinkFilter, sinkTarget, type TSendFn } from "./deliver-sink-batch";

export type TEventSinkView = {
  id: string;
  name: string;
  format: string;
  transport: string;
  config: Record<string, unknown>;
  hasSecret: boolean;
  eventTypes: string[];
  minSeverity: string;
  enabled: boolean;
  status: string;
  lastError: string | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  deliveredCount: number;
  backlog: number;
  backlogCapped: boolean;
  deadLetters: number;
  createdAt: Date;
};

type TSinkRecord = Awaited<ReturnType<TTenantScope["db"]["eventSink"]["findFirstOrThrow"]>>;

async function toView(sink: TSinkRecord, deadLetters: number): Promise<TEventSinkView> {
  const backlog = await countSinkBacklog({
    tenantId: sink.tenantId,
    filter: sinkFilter(sink),
    after: sink.cursorXid && sink.cursorId ? { xid: sink.cursorXid, id: sink.cursorId } : null,
  });
  return {
    id: sink.id,
    name: sink.name,
    format: sink.format,
    transport: sink.transport,
    config: sink.config as Record<string, unknown>,
    hasSecret: Boolean(sink.secretCiphertext),
    eventTypes: sink.eventTypes,
    minSeverity: sink.minSeverity,
    enabled: sink.enabled,
    status: sink.status,
    lastError: sink.lastError,
    lastAttemptAt: sink.lastAttemptAt,
    lastSuccessAt: sink.lastSuccessAt,
    consecutiveFailures: sink.consecutiveFailures,
    deliveredCount: Number(sink.deliveredCount),
    backlog: backlog.count,
    backlogCapped: backlog.capped,
    deadLetters,
    createdAt: sink.createdAt,
  };
}

function nudge(sinkId: string) {
  const boss = runningBoss();
  if (boss) void boss.send("events.deliver", { sinkId }, { singletonKey: sinkId }).catch(() => undefined);
}

export async function listEventSinks({ scope }: { scope: TTenantScope }): Promise<TEventSinkView[]> {
  const sinks = await scope.db.eventSink.findMany({ orderBy: { createdAt: "asc" } });
  const dead = await scope.db.eventSinkDeadLetter.groupBy({ by: ["sinkId"], where: { replayedAt: null }, _count: { _all: true } });
  const deadBySink = new Map(dead.map((d) => [d.sinkId, d._count._all]));
  return Promise.all(sinks.map((s) => toView(s, deadBySink.get(s.id) ?? 0)));
}

export async function getEventSink({ scope, id }: { scope: TTenantScope; id: string }): Promise<TEventSinkView> {
  const sink = await scope.db.eventSink.findFirst({ where: { id } });
  if (!sink) throw new AppError("NOT_FOUND", "Sink not found");
  const dead = await scope.db.eventSinkDeadLetter.count({ where: { sinkId: id, replayedAt: null } });
  return toView(sink, dead);
}

export async function createEventSink({ scope, input }: { scope: TTenantScope; input: unknown }): Promise<TEventSinkView> {
  const parsed = ZCreateEventSinkInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "sink"}: ${i.message}`).slice(0, 5).join("; "));
  const data = parsed.data;
  const horizon = await currentIngestHorizon();
  const { db, tenantId, actor } = scope;
  const sink = await db.$transaction(async (tx) => {
    if (await tx.eventSink.findFirst({ where: { name: data.name }, select: { id: true } })) throw new AppError("CONFLICT", `A sink named "${data.name}" already exists`);
    const created = await tx.eventSink.create({
      data: {
        tenantId,
        name: data.name,
        format: data.format,
        transport: data.transport,
        config: data.config as object,
        eventTypes: data.eventTypes,
        minSeverity: data.minSeverity,
        enabled: data.enabled,
        cursorXid: horizon.xid,
        cursorId: horizon.id,
        createdById: actor.id,
      },
    });
    // The ciphertext is bound to the row (AAD names tenant and sink), so it is sealed once the id exists.
    const sealed = data.secret
      ? await tx.eventSink.update({ where: { id: created.id }, data: { secretCiphertext: sealSinkSecret({ tenantId, sinkId: created.id, plaintext: data.secret }) } })
      : created;
    await appendAudit({ db: tx, tenantId, actor, action: "event_sink.created", target: { type: "event_sink", id: created.id }, summary: { name: created.name, format: created.format, transport: created.transport } });
    return sealed;
  });
  return toView(sink, 0);
}

export async function updateEventSink({ scope, input }: { scope: TTenantScope; input: z.input<typeof ZUpdateEventSinkInput> }): Promise<TEventSinkView> {
  const data = ZUpdateEventSinkInput.parse(input);
  const { db, tenantId, actor } = scope;
  const existing = await db.eventSink.findFirst({ where: { id: data.id } });
  if (!existing) throw new AppError("NOT_FOUND", "Sink not found");
  let config: object | undefined;
  if (data.config) {
    const parsed = configSchemaFor(existing.transport as TSinkTransportKind).safeParse(data.config);
    if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => `config.${i.path.join(".")}: ${i.message}`).slice(0, 5).join("; "));
    config = parsed.data;
  }
  if (data.secret !== undefined && existing.transport === "webhook" && data.secret.length < 16) throw new AppError("BAD_REQUEST", "secret: the signing secret needs at least 16 characters");
  const sink = await db.$transaction(async (tx) => {
    if (data.name && data.name !== existing.name && (await tx.eventSink.findFirst({ where: { name: data.name }, select: { id: true } }))) {
      throw new AppError("CONFLICT", `A sink named "${data.name}" already exists`);
    }
    const updated = await tx.eventSink.update({
      where: { id: existing.id },
      data: {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
        ...(data.eventTypes !== undefined ? { eventTypes: data.eventTypes } : {}),
        ...(data.minSeverity !== undefined ? { minSeverity: data.minSeverity } : {}),
        ...(config ? { config } : {}),
        ...(data.secret !== undefined ? { secretCiphertext: sealSinkSecret({ tenantId, sinkId: existing.id, plaintext: data.secret }) } : {}),
        ...(data.resume || data.secret !== undefined || config ? { status: "ok", consecutiveFailures: 0 } : {}),
      },
    });
    const changed = Object.keys(data).filter((k) => k !== "id" && k !== "secret");
    await appendAudit({ db: tx, tenantId, actor, action: "event_sink.updated", target: { type: "event_sink", id: updated.id }, summary: { changed, secretRotated: data.secret !== undefined } });
    return updated;
  });
  if (sink.enabled && sink.status !== "paused") nudge(sink.id);
  return getEventSink({ scope, id: sink.id });
}

export async function deleteEventSink({ scope, id }: { scope: TTenantScope; id: string }): Promise<{ id: string }> {
  const { db, tenantId, actor } = scope;
  return db.$transaction(async (tx) => {
    const sink = await tx.eventSink.findFirst({ where: { id }, select: { id: true, name: true } });
    if (!sink) throw new AppError("NOT_FOUND", "Sink not found");
    await tx.eventSink.delete({ where: { id } });
    await appendAudit({ db: tx, tenantId, actor, action: "event_sink.deleted", target: { type: "event_sink", id }, summary: { name: sink.name } });
    return { id };
  });
}

/** Sends one synthetic event to the sink now and reports what the receiver said (nothing stored). */
export async function testEventSink({ scope, id, send = sendToSink }: { scope: TTenantScope; id: string; send?: TSendFn }): Promise<{ ok: boolean; message: string }> {
  const sink = await scope.db.eventSink.findFirst({ where: { id } });
  if (!sink) throw new AppError("NOT_FOUND", "Sink not found");
  const now = new Date().toISOString();
  const result = await send({
    sink: sinkTarget({ ...sink, config: sink.config as Record<string, unknown>, cursor: null }),
    events: [
      {
        id: crypto.randomUUID(),
        tenantId: scope.tenantId,
        receivedAt: now,
        time: now,
        key: `sink-test:${crypto.randomUUID()}`,
        type: "custom.marshal.sink_test",
        severity: "info",
        actor: { memberId: scope.actor.id ?? undefined, email: scope.actor.label.includes("@") ? scope.actor.label : undefined },
        onBehalfOf: {},
        device: {},
        intent: "Test delivery from Marshal",
        outcome: "success",
        correlation: {},
      },
    ],
  });
  return result.ok ? { ok: true, message: `Delivered (status ${result.status ?? "ok"})` } : { ok: false, message: result.error.message };
}

export async function listSinkDeadLetters({ scope, sinkId, limit = 100 }: { scope: TTenantScope; sinkId?: string; limit?: number }) {
  return scope.db.eventSinkDeadLetter.findMany({
    where: sinkId ? { sinkId } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(limit, 500),
    select: { id: true, sinkId: true, fromTime: true, toTime: true, eventCount: true, error: true, createdAt: true, replayedAt: true, sink: { select: { name: true } } },
  });
}

/** Re-sends a dead-lettered batch now; on success the entry is marked replayed. */
export async function replayDeadLetter({ scope, id, send = sendToSink }: { scope: TTenantScope; id: string; send?: TSendFn }): Promise<{ ok: boolean; sent: number; message: string }> {
  const entry = await scope.db.eventSinkDeadLetter.findFirst({ where: { id }, include: { sink: true } });
  if (!entry) throw new AppError("NOT_FOUND", "Dead letter not found");
  if (entry.replayedAt) throw new AppError("CONFLICT", "This batch was already re-sent");
  const client = await eventsPool().connect();
  let rows;
  try {
    rows = await selectEventsByIds({ client, tenantId: scope.tenantId, ids: entry.eventIds });
  } finally {
    client.release();
  }
  const sink = entry.sink;
  const result = await send({ sink: sinkTarget({ ...sink, config: sink.config as Record<string, unknown>, cursor: null }), events: rows.map(rowToEvent) });
  if (!result.ok) return { ok: false, sent: 0, message: result.error.message };
  await scope.db.$transaction(async (tx) => {
    await tx.eventSinkDeadLetter.update({ where: { id }, data: { replayedAt: new Date() } });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "event_sink.dead_letter_replayed", target: { type: "event_sink", id: sink.id }, summary: { deadLetterId: id, events: rows.length } });
  });
  return { ok: true, sent: rows.length, message: `Re-sent ${rows.length} events` };
}

export const MAX_REPLAY_RANGE_DAYS = 31;

export async function createSinkReplay({ scope, sinkId, from, to }: { scope: TTenantScope; sinkId: string; from: string; to: string }) {
  const fromTime = new Date(from);
  const toTime = new Date(to);
  if (Number.isNaN(fromTime.getTime()) || Number.isNaN(toTime.getTime())) throw new AppError("BAD_REQUEST", "from and to must be ISO 8601 times");
  if (fromTime >= toTime) throw new AppError("BAD_REQUEST", "from must be before to");
  if (toTime.getTime() - fromTime.getTime() > MAX_REPLAY_RANGE_DAYS * 86400_000) throw new AppError("BAD_REQUEST", `a replay covers at most ${MAX_REPLAY_RANGE_DAYS} days`);
  const { db, tenantId, actor } = scope;
  const replay = await db.$transaction(async (tx) => {
    const sink = await tx.eventSink.findFirst({ where: { id: sinkId }, select: { id: true, name: true } });
    if (!sink) throw new AppError("NOT_FOUND", "Sink not found");
    const created = await tx.eventSinkReplay.create({ data: { tenantId, sinkId, fromTime, toTime, createdById: actor.id } });
    await appendAudit({ db: tx, tenantId, actor, action: "event_sink.replay_requested", target: { type: "event_sink", id: sinkId }, summary: { replayId: created.id, from, to } });
    return created;
  });
  const boss = runningBoss();
  if (boss) await boss.send("events.replay", { replayId: replay.id });
  return replay;
}

/** Replays, newest first; of one sink when `sinkId` is given (a sink not in this tenant: NOT_FOUND, like GET /event-sinks/{id}). */
export async function listSinkReplays({ scope, sinkId }: { scope: TTenantScope; sinkId?: string }) {
  if (sinkId && !(await scope.db.eventSink.findFirst({ where: { id: sinkId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "Sink not found");
  return scope.db.eventSinkReplay.findMany({
    where: sinkId ? { sinkId } : {},
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, sinkId: true, fromTime: true, toTime: true, status: true, sentCount: true, lastError: true, createdAt: true, finishedAt: true },
  });
}
