/**
 * The explorer's query bar: `field:value` terms (quote values with spaces, commas for "any of"),
 * anything else is free text. Examples:
 *   type:agent.tool_call outcome:denied host:alice-mbp
 *   severity>=high product:claude-code "rm -rf"
 *   param.tool_name:Bash cost>=0.5
 * Pure: the UI shows `errors` under the bar and runs the rest.
 */
import { ZEventCategory, ZEventOutcome, ZEventSeverity } from "@/server/contracts/events";
import type { TEventFilter, TExactField } from "./event-filter";

const LIST_FIELDS = { type: "types", category: "categories", severity: "severities", outcome: "outcomes" } as const;
const EXACT_ALIASES: Record<string, TExactField> = {
  id: "id",
  key: "key",
  identity: "identityId",
  product: "productSlug",
  version: "productVersion",
  member: "memberId",
  email: "actorEmail",
  person: "personId",
  user: "userName",
  device: "deviceId",
  host: "hostname",
  session: "sessionId",
  revocation: "revocationId",
  rollout: "rolloutId",
  request: "requestId",
};
export const QUERY_FIELDS = [...Object.keys(LIST_FIELDS), ...Object.keys(EXACT_ALIASES), "intent", "target", "param.<name>", "severity>=", "cost>="];

type TTerm = { field?: string; op?: ":" | ">="; value: string };

function tokenize(query: string): TTerm[] {
  const terms: TTerm[] = [];
  const re = /(?:([a-zA-Z][\w.]*)(:|>=))?(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (const match of query.matchAll(re)) {
    const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, "$1") : (match[4] ?? "");
    terms.push(match[1] ? { field: match[1], op: match[2] as ":" | ">=", value } : { value });
  }
  return terms;
}

function coerceParam(value: string): string | number | boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(value) && value.length < 16) return Number(value);
  return value;
}

export function parseEventQuery(query: string): { filter: Omit<TEventFilter, "from" | "to">; errors: string[] } {
  const filter: Record<string, unknown> = {};
  const errors: string[] = [];
  const text: string[] = [];
  for (const term of tokenize(query.trim())) {
    if (!term.field) {
      text.push(term.value);
      continue;
    }
    const { op, value } = term;
    const field = term.field.toLowerCase();
    if (!value) {
      errors.push(`${field}: needs a value`);
      continue;
    }
    if (op === ">=") {
      if (field === "severity") {
        const parsed = ZEventSeverity.safeParse(value);
        if (parsed.success) filter.minSeverity = parsed.data;
        else errors.push(`severity>=: one of ${ZEventSeverity.options.join(", ")}`);
      } else if (field === "cost") {
        const n = Number(value);
        if (Number.isFinite(n) && n >= 0) filter.minCostUsd = n;
        else errors.push("cost>=: a number of USD");
      } else errors.push(`${field}>=: only severity>= and cost>= compare`);
      continue;
    }
    if (field in LIST_FIELDS) {
      const key = LIST_FIELDS[field as keyof typeof LIST_FIELDS];
      const values = value.split(",").map((v) => v.trim()).filter(Boolean);
      const schema = field === "category" ? ZEventCategory : field === "severity" ? ZEventSeverity : field === "outcome" ? ZEventOutcome : undefined;
      const bad = schema ? values.filter((v) => !schema.safeParse(v).success) : [];
      if (bad.length) {
        errors.push(`${field}: unknown value ${bad.map((b) => `"${b}"`).join(", ")}`);
        continue;
      }
      filter[key] = [...((filter[key] as string[] | undefined) ?? []), ...values];
    } else if (field in EXACT_ALIASES) {
      filter[EXACT_ALIASES[field]!] = value;
    } else if (field === "intent" || field === "target") {
      filter[field] = value;
    } else if (field.startsWith("param.") && field.length > 6) {
      const params = (filter.params as Record<string, unknown> | undefined) ?? {};
      params[term.field!.slice(6)] = coerceParam(value);
      filter.params = params;
    } else {
      errors.push(`unknown field "${field}" (known: ${QUERY_FIELDS.join(", ")})`);
    }
  }
  if (text.length) filter.text = text.join(" ");
  return { filter: filter as Omit<TEventFilter, "from" | "to">, errors };
}
