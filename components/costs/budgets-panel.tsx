"use client";
/**
 * Budgets on the Costs page: each budget with its limits, month-to-date spend and burn-down; admins create, edit
 * and delete them. After a change the page's server data (spend, burn-down) is fetched again (router.refresh).
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { TBudget } from "@/server/modules/budgets/budget-schemas";
import type { TCostOverview } from "@/server/modules/finops/cost-schemas";
import { BudgetForm } from "./budget-form";
import type { TBudgetScopeOptions } from "./budget-scope-options";
import { BudgetSummary } from "./budget-summary";

export function BudgetsPanel({
  tenantSlug,
  budgets,
  burnDown,
  canManage,
  scopeOptions,
}: {
  tenantSlug: string;
  budgets: TBudget[];
  burnDown: TCostOverview["burnDown"];
  canManage: boolean;
  scopeOptions: TBudgetScopeOptions;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const remove = useMutation(
    trpc.finops.deleteBudget.mutationOptions({
      onSuccess: () => {
        toast.success("Budget deleted");
        router.refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  return (
    <Card data-testid="budgets">
      <CardHeader
        title="Budgets"
        description="Enforced by every device gateway before the call; shared across a person's devices"
        actions={
          canManage && !creating ? (
            <Button size="sm" onClick={() => setCreating(true)}>
              New budget
            </Button>
          ) : null
        }
      />
      <CardBody className="space-y-6">
        {creating ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-4">
            <BudgetForm
              tenantSlug={tenantSlug}
              scopeOptions={scopeOptions}
              onCancel={() => setCreating(false)}
              onSaved={(b) => {
                toast.success(`Budget "${b.name}" created`);
                setCreating(false);
                router.refresh();
              }}
            />
          </div>
        ) : null}
        {budgets.length === 0 && !creating ? (
          <p className="text-sm text-slate-500">No budgets yet.{canManage ? " Create one to cap spend per person, agent, device, project, business unit or environment." : ""}</p>
        ) : null}
        {budgets.map((b) => {
          const burn = burnDown.find((x) => x.budgetId === b.id);
          return (
            <div key={b.id} data-testid={`budget-${b.id}`} className="border-b border-slate-100 pb-6 last:border-0 last:pb-0">
              {editing === b.id ? (
                <BudgetForm
                  tenantSlug={tenantSlug}
                  scopeOptions={scopeOptions}
                  budget={b}
                  onCancel={() => setEditing(null)}
                  onSaved={(saved) => {
                    toast.success(`Budget "${saved.name}" saved`);
                    setEditing(null);
                    router.refresh();
                  }}
                />
              ) : (
                <BudgetSummary
                  budget={b}
                  burn={burn}
                  actions={
                    canManage ? (
                      <>
                        <Button size="sm" variant="secondary" aria-label={`Edit ${b.name}`} onClick={() => setEditing(b.id)}>
                          Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="danger"
                          aria-label={`Delete ${b.name}`}
                          disabled={remove.isPending}
                          onClick={() => window.confirm(`Delete budget "${b.name}"? Its limits stop applying at once.`) && remove.mutate({ tenantSlug, id: b.id })}
                        >
                          Delete
                        </Button>
                      </>
                    ) : null
                  }
                />
              )}
            </div>
          );
        })}
      </CardBody>
    </Card>
  );
}
