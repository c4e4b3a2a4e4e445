import { z } from "zod";
import { ZEventSeverity } from "@/server/contracts/events";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import {
  createEventSink,
  createSinkReplay,
  deleteEventSink,
  getEventSink,
  listEventSinks,
  listSinkDeadLetters,
  listSinkReplays,
  replayDeadLetter,
  testEventSink,
  updateEventSink,
} from "@/server/modules/events/sinks/manage-event-sinks";
import { ZSinkFormat, ZSinkTransportKind } from "@/server/modules/events/sinks/sink-config";

const ZSink = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  transport: z.string(),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  eventTypes: z.array(z.string()),
  minSeverity: z.string(),
  enabled: z.boolean(),
  status: z.string().describe("ok | retrying | paused"),
  lastError: z.string().nullable(),
  lastAttemptAt: z.date().nullable(),
  lastSuccessAt: z.date().nullable(),
  consecutiveFailures: z.number(),
  deliveredCount: z.number(),
  backlog: z.number().describe("Events waiting for this sink (capped at 100,000)"),
  backlogCapped: z.boolean(),
  deadLetters: z.number(),
  createdAt: z.date(),
});
const ZReplay = z.object({ id: z.string(), sinkId: z.string(), fromTime: z.date(), toTime: z.date(), status: z.string(), sentCount: z.number(), lastError: z.string().nullable(), createdAt: z.date(), finishedAt: z.date().nullable() });
const ZId = z.object({ id: z.string().min(1).max(64) });

// REST routes match in declaration order (trpc-to-openapi): /event-sinks/dead-letters before /event-sinks/{id}.
export const eventSinksRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/event-sinks", protect: true, tags: ["event-sinks"], summary: "SIEM sinks with status and backlog (secrets never returned)" } })
    .output(z.array(ZSink))
    .query(({ ctx }) => listEventSinks({ scope: ctx.scope })),

  deadLetters: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/event-sinks/dead-letters", protect: true, tags: ["event-sinks"], summary: "Batches sinks refused for good (newest first)" } })
    .input(z.object({ sinkId: z.string().max(64).optional() }))
    .output(z.array(z.object({ id: z.string(), sinkId: z.string(), sinkName: z.string(), fromTime: z.date(), toTime: z.date(), eventCount: z.number(), error: z.string(), createdAt: z.date(), replayedAt: z.date().nullable() })))
    .query(async ({ ctx, input }) => (await listSinkDeadLetters({ scope: ctx.scope, sinkId: input.sinkId })).map(({ sink, ...d }) => ({ ...d, sinkName: sink.name }))),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/event-sinks/{id}", protect: true, tags: ["event-sinks"], summary: "One SIEM sink" } })
    .input(ZId)
    .output(ZSink)
    .query(({ ctx, input }) => getEventSink({ scope: ctx.scope, id: input.id })),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/event-sinks", protect: true, tags: ["event-sinks"], summary: "Create a SIEM sink (format x transport); it receives events ingested from now on" } })
    .input(
      z.object({
        name: z.string().max(80),
        format: ZSinkFormat,
        transport: ZSinkTransportKind,
        config: z.record(z.string(), z.unknown()).describe("webhook: {url}; splunk_hec: {url, index?, sourcetype?}; syslog: {host, port, tls, caPem?, servername?}"),
        secret: z.string().max(512).optional().describe("Webhook signing secret (16+ chars) or Splunk HEC token"),
        eventTypes: z.array(z.string().max(80)).max(100).optional(),
        minSeverity: ZEventSeverity.optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .output(ZSink)
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _slug, ...sink } = input as typeof input & { tenantSlug?: string };
      return createEventSink({ scope: ctx.scope, input: sink });
    }),

  update: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/event-sinks/{id}", protect: true, tags: ["event-sinks"], summary: "Change a sink, rotate its secret, or resume a paused sink" } })
    .input(
      z.object({
        id: z.string().min(1).max(64),
        name: z.string().max(80).optional(),
        enabled: z.boolean().optional(),
        eventTypes: z.array(z.string().max(80)).max(100).optional(),
        minSeverity: ZEventSeverity.optional(),
        config: z.record(z.string(), z.unknown()).optional(),
        secret: z.string().max(512).optional(),
        resume: z.boolean().optional(),
      }),
    )
    .output(ZSink)
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _slug, ...patch } = input as typeof input & { tenantSlug?: string };
      return updateEventSink({ scope: ctx.scope, input: patch });
    }),

  delete: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/event-sinks/{id}", protect: true, tags: ["event-sinks"], summary: "Delete a sink" } })
    .input(ZId)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteEventSink({ scope: ctx.scope, id: input.id })),

  test: adminProcedure
    .meta({ openapi: { method: "POST", path: "/event-sinks/{id}/test", protect: true, tags: ["event-sinks"], summary: "Send one test event now and report the receiver's answer" } })
    .input(ZId)
    .output(z.object({ ok: z.boolean(), message: z.string() }))
    .mutation(({ ctx, input }) => testEventSink({ scope: ctx.scope, id: input.id })),

  replayDeadLetter: adminProcedure
    .meta({ openapi: { method: "POST", path: "/event-sinks/dead-letters/{id}/replay", protect: true, tags: ["event-sinks"], summary: "Re-send a dead-lettered batch" } })
    .input(ZId)
    .output(z.object({ ok: z.boolean(), sent: z.number(), message: z.string() }))
    .mutation(({ ctx, input }) => replayDeadLetter({ scope: ctx.scope, id: input.id })),

  replay: adminProcedure
    .meta({ openapi: { method: "POST", path: "/event-sinks/{id}/replay", protect: true, tags: ["event-sinks"], summary: "Re-send a time range (up to 31 days) to a sink" } })
    .input(z.object({ id: z.string().min(1).max(64), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }))
    .output(ZReplay)
    .mutation(({ ctx, input }) => createSinkReplay({ scope: ctx.scope, sinkId: input.id, from: input.from, to: input.to })),

  replays: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/event-sinks/{id}/replays", protect: true, tags: ["event-sinks"], summary: "Replays of a sink, newest first" } })
    .input(ZId)
    .output(z.array(ZReplay))
    .query(({ ctx, input }) => listSinkReplays({ scope: ctx.scope, sinkId: input.id })),
});
