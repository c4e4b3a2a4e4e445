import { z } from "zod";
import { quotaScopeKinds } from "@/server/contracts/gateway-protocol";

export const ZBudgetScopeKind = z.enum(quotaScopeKinds);
export type TBudgetScopeKind = z.infer<typeof ZBudgetScopeKind>;
export const budgetBreachActions = ["notify", "revoke"] as const;
export const ZBudgetBreachAction = z.enum(budgetBreachActions);

/** Scopes the kill switch can stop; a project, business unit or environment budget only blocks (429) and notifies. */
export const REVOCABLE_SCOPE_KINDS: ReadonlySet<TBudgetScopeKind> = new Set(["identity", "person", "device"]);

const ZLimits = z.object({
  usdPerMonth: z.number().finite().positive().max(10_000_000).nullable().optional(),
  tokensPerDay: z.number().int().positive().nullable().optional(),
  requestsPerMinute: z.number().int().positive().max(100_000).nullable().optional(),
  concurrentRequests: z.number().int().positive().max(10_000).nullable().optional(),
});

function hasLimit(v: z.infer<typeof ZLimits>): boolean {
  return [v.usdPerMonth, v.tokensPerDay, v.requestsPerMinute, v.concurrentRequests].some((x) => x !== undefined && x !== null);
}

export const ZBudgetInput = ZLimits.extend({
  name: z.string().trim().min(1, "Name is required").max(80),
  scopeKind: ZBudgetScopeKind,
  scopeId: z.string().trim().min(1, "Say which one (an id, or a business unit / project name, or dev/staging/prod)").max(200),
  breachAction: ZBudgetBreachAction.default("notify"),
}).superRefine((v, ctx) => {
  if (!hasLimit(v)) ctx.addIssue({ code: "custom", path: ["usdPerMonth"], message: "set at least one limit (USD per month, tokens per day, requests per minute or concurrent requests)" });
  if (v.breachAction === "revoke" && !REVOCABLE_SCOPE_KINDS.has(v.scopeKind)) {
    ctx.addIssue({ code: "custom", path: ["breachAction"], message: `the kill switch can stop an identity, a person or a device, not a whole ${v.scopeKind}; use "notify"` });
  }
  if (v.breachAction === "revoke" && (v.usdPerMonth === undefined || v.usdPerMonth === null)) {
    ctx.addIssue({ code: "custom", path: ["breachAction"], message: "revoking on breach needs a monthly USD budget" });
  }
  if (v.scopeKind === "environment" && !["dev", "staging", "prod"].includes(v.scopeId)) {
    ctx.addIssue({ code: "custom", path: ["scopeId"], message: "an environment is dev, staging or prod" });
  }
});
export type TBudgetInput = z.input<typeof ZBudgetInput>;

export const ZBudgetPatch = ZLimits.extend({
  name: z.string().trim().min(1).max(80).optional(),
  breachAction: ZBudgetBreachAction.optional(),
});
export type TBudgetPatch = z.input<typeof ZBudgetPatch>;

export const ZBudget = z.object({
  id: z.string(),
  name: z.string(),
  scopeKind: ZBudgetScopeKind,
  scopeId: z.string(),
  scopeLabel: z.string(),
  usdPerMonth: z.number().nullable(),
  tokensPerDay: z.number().int().nullable(),
  requestsPerMinute: z.number().int().nullable(),
  concurrentRequests: z.number().int().nullable(),
  breachAction: ZBudgetBreachAction,
  breachedMonth: z.string().nullable(),
  breachedAt: z.date().nullable(),
  /** Month-to-date spend across every device (budget ledger), USD. */
  spentUsdThisMonth: z.number(),
  tokensToday: z.number().int(),
  updatedAt: z.date(),
});
export type TBudget = z.infer<typeof ZBudget>;

export function issueMessage(error: z.ZodError): string {
  const i = error.issues[0];
  return `${i?.path.join(".") || "input"}: ${i?.message}`;
}

export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);
export const utcMonth = (d: Date): string => d.toISOString().slice(0, 7);
