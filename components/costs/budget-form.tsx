"use client";
/**
 * Create a budget (scope kind + which one, limits, breach action) or edit one (name, limits, breach action; the
 * scope of an existing budget is fixed). The server validates everything; its message is shown as it is.
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { FormError } from "@/components/auth/form-error";
import type { TBudget, TBudgetScopeKind } from "@/server/modules/budgets/budget-schemas";
import { REVOCABLE_KINDS, SCOPE_KIND_LABELS, parseLimit, type TBudgetScopeOptions } from "./budget-scope-options";

type TLimitField = "usdPerMonth" | "tokensPerDay" | "requestsPerMinute" | "concurrentRequests";
const LIMITS: Array<{ field: TLimitField; label: string; placeholder: string }> = [
  { field: "usdPerMonth", label: "USD per month", placeholder: "500" },
  { field: "tokensPerDay", label: "Tokens per day", placeholder: "5000000" },
  { field: "requestsPerMinute", label: "Requests per minute", placeholder: "60" },
  { field: "concurrentRequests", label: "Concurrent requests", placeholder: "4" },
];

export function BudgetForm({
  tenantSlug,
  scopeOptions,
  budget,
  onSaved,
  onCancel,
}: {
  tenantSlug: string;
  scopeOptions: TBudgetScopeOptions;
  /** Given: edit this budget. Absent: create one. */
  budget?: TBudget;
  onSaved: (budget: TBudget) => void;
  onCancel?: () => void;
}) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | undefined>();
  const [kind, setKind] = useState<TBudgetScopeKind>(budget?.scopeKind ?? "person");
  const create = useMutation(trpc.finops.createBudget.mutationOptions());
  const update = useMutation(trpc.finops.updateBudget.mutationOptions());
  const pending = create.isPending || update.isPending;
  const formId = budget ? `budget-${budget.id}` : "budget-new";
  const listId = `${formId}-scope-options`;

  return (
    <form
      data-testid={budget ? `edit-budget-${budget.id}` : "create-budget-form"}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const form = new FormData(formEl);
        const limits = Object.fromEntries(LIMITS.map((l) => [l.field, parseLimit(form.get(l.field))])) as Record<TLimitField, number | null>;
        const bad = LIMITS.find((l) => limits[l.field] !== null && !Number.isFinite(limits[l.field]!));
        if (bad) {
          setError(`${bad.label}: enter a number`);
          return;
        }
        const breachAction = form.get("breachAction") === "revoke" ? "revoke" : "notify";
        const name = String(form.get("name") ?? "");
        const handlers = { onSuccess: (b: TBudget) => { if (!budget) formEl.reset(); onSaved(b); }, onError: (err: { message: string }) => setError(err.message) };
        setError(undefined);
        if (budget) {
          update.mutate({ tenantSlug, id: budget.id, name, breachAction, ...limits }, handlers);
        } else {
          const set = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== null)) as Partial<Record<TLimitField, number>>;
          create.mutate({ tenantSlug, name, scopeKind: kind, scopeId: String(form.get("scopeId") ?? "").trim(), breachAction, ...set }, handlers);
        }
      }}
    >
      <div className="grid gap-3 md:grid-cols-3">
        <div>
          <Label htmlFor={`${formId}-name`}>Name</Label>
          <Input id={`${formId}-name`} name="name" required maxLength={80} defaultValue={budget?.name} placeholder="Platform team monthly" />
        </div>
        {budget ? (
          <div className="md:col-span-2">
            <Label>Applies to</Label>
            <p className="h-9 py-2 text-sm">
              {SCOPE_KIND_LABELS[budget.scopeKind]}: <span className="font-medium">{budget.scopeLabel}</span>
            </p>
          </div>
        ) : (
          <>
            <div>
              <Label htmlFor={`${formId}-kind`}>Applies to</Label>
              <Select id={`${formId}-kind`} name="scopeKind" className="w-full" value={kind} onChange={(e) => setKind(e.target.value as TBudgetScopeKind)}>
                {Object.entries(SCOPE_KIND_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <Label htmlFor={`${formId}-scope`}>Which {SCOPE_KIND_LABELS[kind].toLowerCase()}</Label>
              {kind === "environment" ? (
                <Select id={`${formId}-scope`} name="scopeId" className="w-full" defaultValue="prod">
                  <option value="dev">dev</option>
                  <option value="staging">staging</option>
                  <option value="prod">prod</option>
                </Select>
              ) : (
                <>
                  <Input
                    key={kind}
                    id={`${formId}-scope`}
                    name="scopeId"
                    required
                    list={listId}
                    autoComplete="off"
                    placeholder={kind === "project" || kind === "businessUnit" ? "the SCIM group's name" : "pick from the list, or paste an id"}
                  />
                  <datalist id={listId}>
                    {scopeOptions[kind].map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))}
                  </datalist>
                </>
              )}
            </div>
          </>
        )}
      </div>
      <div className="grid gap-3 md:grid-cols-5">
        {LIMITS.map((l) => (
          <div key={l.field}>
            <Label htmlFor={`${formId}-${l.field}`}>{l.label}</Label>
            <Input id={`${formId}-${l.field}`} name={l.field} inputMode="decimal" placeholder={l.placeholder} defaultValue={budget?.[l.field] ?? undefined} />
          </div>
        ))}
        <div>
          <Label htmlFor={`${formId}-breach`}>On breach</Label>
          <Select id={`${formId}-breach`} name="breachAction" className="w-full" defaultValue={budget?.breachAction ?? "notify"}>
            <option value="notify">Block (429) and notify</option>
            <option value="revoke" disabled={!REVOCABLE_KINDS.has(budget?.scopeKind ?? kind)}>
              Kill switch (revoke)
            </option>
          </Select>
        </div>
      </div>
      <p className="text-xs text-slate-500">Leave a limit empty for no limit of that kind; at least one is required. A kill switch on breach needs a monthly USD limit.</p>
      <FormError message={error} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {budget ? "Save budget" : "Create budget"}
        </Button>
        {onCancel ? (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
