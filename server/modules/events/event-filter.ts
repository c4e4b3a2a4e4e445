/**
 * The explorer's filter: every field of an event can be filtered, plus a time range and free
 * text. compileEventFilter turns it into SQL conditions for server/db/events.ts (placeholders
 * from $2 on; $1 is the tenant, added by the db layer). Values are always bound parameters.
 */
import { z } from "zod";
import { ZEventOutcome, ZEventSeverity, ZEventCategory } from "@/server/contracts/events";
import type { TEventFilterSql } from "@/server/db/events";

const ZIso = z.iso.datetime({ offset: true });
const ZExact = z.string().trim().min(1).max(320);

/** Filter field -> stored column, for exact matches. */
export const EXACT_FIELDS = {
  id: "id",
  key: "key",
  identityId: "actorIdentityId",
  productSlug: "actorProductSlug",
  productVersion: "actorProductVersion",
  memberId: "actorMemberId",
  actorEmail: "actorEmail",
  personId: "personId",
  userName: "personUserName",
  deviceId: "deviceId",
  hostname: "deviceHostname",
  sessionId: "sessionId",
  revocationId: "revocationId",
  rolloutId: "rolloutId",
  requestId: "requestId",
} as const;
export type TExactField = keyof typeof EXACT_FIELDS;

const exactShape = Object.fromEntries(Object.keys(EXACT_FIELDS).map((k) => [k, ZExact.optional()])) as Record<TExactField, z.ZodOptional<typeof ZExact>>;

export const ZEventFilter = z
  .strictObject({
    from: ZIso.optional().describe("Inclusive start (ISO 8601)"),
    to: ZIso.optional().describe("Exclusive end (ISO 8601)"),
    types: z.array(z.string().trim().min(1).max(80)).max(50).optional(),
    categories: z.array(ZEventCategory).max(20).optional(),
    severities: z.array(ZEventSeverity).max(5).optional(),
    minSeverity: ZEventSeverity.optional(),
    outcomes: z.array(ZEventOutcome).max(5).optional(),
    ...exactShape,
    intent: z.string().trim().min(1).max(200).optional().describe("Substring of the intent (case-insensitive)"),
    target: z.string().trim().min(1).max(200).optional().describe("Substring of the target (case-insensitive)"),
    text: z.string().trim().min(1).max(200).optional().describe("Substring of type, intent, target, hostname or user name"),
    params: z
      .record(z.string().min(1).max(100), z.union([z.string().max(500), z.number(), z.boolean()]))
      .optional()
      .refine((p) => !p || Object.keys(p).length <= 10, "at most 10 params filters")
      .describe("params must contain these top-level key/value pairs"),
    minCostUsd: z.number().min(0).optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), { message: "from must be before to", path: ["from"] });
export type TEventFilter = z.infer<typeof ZEventFilter>;

export const SEVERITY_ORDER = ["info", "low", "medium", "high", "critical"] as const;

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function compileEventFilter(filter: TEventFilter): TEventFilterSql {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length + 1}`;
  };
  if (filter.from) conditions.push(`"time" >= ${bind(new Date(filter.from))}::timestamptz`);
  if (filter.to) conditions.push(`"time" < ${bind(new Date(filter.to))}::timestamptz`);
  if (filter.types?.length) conditions.push(`"type" = ANY(${bind(filter.types)}::text[])`);
  if (filter.categories?.length) conditions.push(`"category" = ANY(${bind(filter.categories)}::text[])`);
  if (filter.severities?.length) conditions.push(`"severity" = ANY(${bind(filter.severities)}::text[])`);
  if (filter.minSeverity) {
    const allowed = SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(filter.minSeverity));
    conditions.push(`"severity" = ANY(${bind(allowed)}::text[])`);
  }
  if (filter.outcomes?.length) conditions.push(`"outcome" = ANY(${bind(filter.outcomes)}::text[])`);
  for (const [field, column] of Object.entries(EXACT_FIELDS) as [TExactField, string][]) {
    const value = filter[field];
    if (value === undefined) continue;
    if (field === "id") {
      if (!z.uuid().safeParse(value).success) {
        conditions.push("false"); // not a uuid: nothing can match
        continue;
      }
      conditions.push(`"id" = ${bind(value)}::uuid`);
    } else {
      conditions.push(`"${column}" = ${bind(value)}`);
    }
  }
  if (filter.intent) conditions.push(`"intent" ILIKE ${bind(likePattern(filter.intent))}`);
  if (filter.target) conditions.push(`"target" ILIKE ${bind(likePattern(filter.target))}`);
  if (filter.text) {
    const p = bind(likePattern(filter.text));
    conditions.push(`("type" ILIKE ${p} OR "intent" ILIKE ${p} OR "target" ILIKE ${p} OR "deviceHostname" ILIKE ${p} OR "personUserName" ILIKE ${p} OR "actorEmail" ILIKE ${p})`);
  }
  if (filter.params && Object.keys(filter.params).length > 0) conditions.push(`"params" @> ${bind(JSON.stringify(filter.params))}::jsonb`);
  if (filter.minCostUsd !== undefined) conditions.push(`"costUsd" >= ${bind(filter.minCostUsd)}`);
  return { conditions, values };
}
