/** What a budget can be set on, with the tenant's candidates for each kind (for the scope picker). */
import type { TBudgetScopeKind } from "@/server/modules/budgets/budget-schemas";

export type TScopeOption = { id: string; label: string };
export type TBudgetScopeOptions = Record<TBudgetScopeKind, TScopeOption[]>;

export const SCOPE_KIND_LABELS: Record<TBudgetScopeKind, string> = {
  person: "Person",
  identity: "Agent identity",
  device: "Device",
  project: "Project",
  businessUnit: "Business unit",
  environment: "Environment",
};

/** Scopes the kill switch can stop (mirrors REVOCABLE_SCOPE_KINDS on the server, which decides). */
export const REVOCABLE_KINDS: ReadonlySet<TBudgetScopeKind> = new Set(["identity", "person", "device"]);

/** Text field → number, or null when left empty (null clears a limit on edit). */
export function parseLimit(value: FormDataEntryValue | null): number | null {
  const text = String(value ?? "").trim().replace(/[$,_\s]/g, "");
  if (text === "") return null;
  return Number(text);
}
