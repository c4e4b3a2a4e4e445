import { z } from "zod";
import { EVENT_CATALOG, ZEvent, ZEventSeverity, ZEventCategory } from "@/server/contracts/events";
import { operatorProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { AppError } from "@/server/errors";
import { ZEventFilter } from "@/server/modules/events/event-filter";
import { parseEventQuery } from "@/server/modules/events/parse-event-query";
import { countMatchingEvents, getEvent, getEventHistogram, queryEvents } from "@/server/modules/events/query-events";
import { ZSavedEventQuery, createSavedEventSearch, deleteSavedEventSearch, listSavedEventSearches } from "@/server/modules/events/saved-event-searches";

/** A structured filter and/or the query bar's text (`type:agent.tool_call outcome:denied ...`). */
const ZSearchInput = z.object({
  filter: ZEventFilter.default({}),
  query: z.string().max(1000).optional().describe("Query bar syntax: field:value terms plus free text"),
});

function resolveFilter(input: z.infer<typeof ZSearchInput>) {
  if (!input.query?.trim()) return input.filter;
  const { filter, errors } = parseEventQuery(input.query);
  if (errors.length) throw new AppError("BAD_REQUEST", `query: ${errors.join("; ")}`);
  return { ...filter, ...input.filter };
}

/** ZEvent for output: `type` as a plain string (the contract's custom.* transform cannot be described in OpenAPI). */
const ZEventOut = ZEvent.extend({ type: z.string() });

const ZSavedSearch = z.object({ id: z.string(), name: z.string(), query: ZSavedEventQuery, createdAt: z.date() });

// REST routes match in declaration order (trpc-to-openapi): static paths (/events/catalog) before /events/{id}.
export const eventsRouter = router({
  search: tenantProcedure
    .meta({ openapi: { method: "POST", path: "/events/search", protect: true, tags: ["events"], summary: "Search events (newest first, keyset-paginated)" } })
    .input(ZSearchInput.extend({ limit: z.number().int().min(1).max(500).default(100), cursor: z.string().max(200).optional() }))
    .output(z.object({ events: z.array(ZEventOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => queryEvents({ scope: ctx.scope, filter: resolveFilter(input), limit: input.limit, cursor: input.cursor })),

  count: tenantProcedure
    .meta({ openapi: { method: "POST", path: "/events/count", protect: true, tags: ["events"], summary: "Count matching events (capped at 1,000,000)" } })
    .input(ZSearchInput)
    .output(z.object({ count: z.number(), capped: z.boolean() }))
    .query(({ ctx, input }) => countMatchingEvents({ scope: ctx.scope, filter: resolveFilter(input) })),

  histogram: tenantProcedure
    .meta({ openapi: { method: "POST", path: "/events/histogram", protect: true, tags: ["events"], summary: "Event counts over time by severity" } })
    .input(ZSearchInput.extend({ buckets: z.number().int().min(5).max(200).default(60) }))
    .output(
      z.object({
        bucketSeconds: z.number(),
        points: z.array(z.object({ time: z.string(), info: z.number(), low: z.number(), medium: z.number(), high: z.number(), critical: z.number(), total: z.number() })),
      }),
    )
    .query(({ ctx, input }) => getEventHistogram({ scope: ctx.scope, filter: resolveFilter(input), buckets: input.buckets })),

  catalog: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/events/catalog", protect: true, tags: ["events"], summary: "The documented event types" } })
    .output(z.array(z.object({ type: z.string(), title: z.string(), description: z.string(), category: ZEventCategory, severity: ZEventSeverity })))
    .query(() => Object.entries(EVENT_CATALOG).map(([type, entry]) => ({ type, ...entry }))),

  savedSearches: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/events/saved-searches", protect: true, tags: ["events"], summary: "Saved event searches" } })
    .output(z.array(ZSavedSearch))
    .query(({ ctx }) => listSavedEventSearches({ scope: ctx.scope })),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/events/{id}", protect: true, tags: ["events"], summary: "One event" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(ZEventOut)
    .query(({ ctx, input }) => getEvent({ scope: ctx.scope, id: input.id })),

  saveSearch: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/events/saved-searches", protect: true, tags: ["events"], summary: "Save a search" } })
    .input(z.object({ name: z.string().trim().min(1, "Name is required").max(80), query: ZSavedEventQuery }))
    .output(ZSavedSearch)
    .mutation(({ ctx, input }) => createSavedEventSearch({ scope: ctx.scope, name: input.name, query: input.query })),

  deleteSearch: operatorProcedure
    .meta({ openapi: { method: "DELETE", path: "/events/saved-searches/{id}", protect: true, tags: ["events"], summary: "Delete a saved search" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteSavedEventSearch({ scope: ctx.scope, id: input.id })),
});
