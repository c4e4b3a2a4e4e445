"use client";
/**
 * Negotiated model prices (USD per 1M tokens) that replace the shipped price table for this tenant. Every reader
 * sees them; admins set (create or replace one model's price) and remove them. New usage is priced with them;
 * already metered usage keeps the price it was recorded with.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { FormError } from "@/components/auth/form-error";
import { modelProviders, type TModelProvider } from "@/server/contracts/pricing";
import type { TPriceOverride } from "@/server/modules/finops/price-override-schemas";

const RATES = [
  { field: "input", label: "Input" },
  { field: "output", label: "Output" },
  { field: "cacheRead", label: "Cache read" },
  { field: "cacheWrite", label: "Cache write" },
] as const;
const rate = (v: number) => `$${v.toLocaleString("en-US", { maximumFractionDigits: 4 })}`;

export function PriceOverridesPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const overrides = useQuery(trpc.finops.priceOverrides.queryOptions({ tenantSlug }));
  const table = useQuery(trpc.finops.priceTable.queryOptions({ tenantSlug }));
  const [provider, setProvider] = useState<TModelProvider>("anthropic");
  const [error, setError] = useState<string | undefined>();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.finops.pathKey() });
    router.refresh();
  };
  const set = useMutation(trpc.finops.setPriceOverride.mutationOptions());
  const remove = useMutation(
    trpc.finops.deletePriceOverride.mutationOptions({
      onSuccess: () => {
        toast.success("Price override removed: the shipped price applies again");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const shipped = table.data?.providers?.[provider]?.models ?? {};

  const columns: ColumnDef<TPriceOverride, unknown>[] = [
    { header: "Provider", accessorKey: "provider" },
    { header: "Model", accessorKey: "model", cell: ({ row }) => <code className="text-xs">{row.original.model}</code> },
    ...RATES.map((r) => ({ header: `${r.label} / 1M`, accessorKey: r.field, cell: ({ row }: { row: { original: TPriceOverride } }) => <span className="tabular-nums">{rate(row.original[r.field])}</span> })),
    { header: "Note", accessorKey: "note", cell: ({ row }) => row.original.note ?? "" },
    { header: "Updated", accessorKey: "updatedAt", cell: ({ row }) => new Date(row.original.updatedAt).toLocaleDateString() },
    ...(canManage
      ? [
          {
            id: "actions",
            header: "",
            cell: ({ row }: { row: { original: TPriceOverride } }) => (
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove price override for ${row.original.model}`}
                onClick={() => window.confirm(`Remove the negotiated price for ${row.original.model}?`) && remove.mutate({ tenantSlug, id: row.original.id })}
              >
                Remove
              </Button>
            ),
          } satisfies ColumnDef<TPriceOverride, unknown>,
        ]
      : []),
  ];

  return (
    <Card data-testid="price-overrides">
      <CardHeader title="Price overrides" description={`Negotiated prices (USD per 1M tokens) replacing the shipped table${table.data ? ` (${table.data.version})` : ""} for this tenant's new usage.`} />
      {canManage ? (
        <CardBody className="border-b border-slate-100">
          <form
            data-testid="price-override-form"
            className="grid gap-3 md:grid-cols-[9rem_1fr_repeat(4,7rem)_1fr_auto] md:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              const formEl = e.currentTarget;
              const form = new FormData(formEl);
              const values = Object.fromEntries(RATES.map((r) => [r.field, Number(String(form.get(r.field) ?? "").trim() || NaN)])) as Record<(typeof RATES)[number]["field"], number>;
              const missing = RATES.find((r) => !Number.isFinite(values[r.field]));
              if (missing) {
                setError(`${missing.label}: enter a price in USD per 1M tokens (0 if free)`);
                return;
              }
              const note = String(form.get("note") ?? "").trim();
              setError(undefined);
              set.mutate(
                { tenantSlug, provider, model: String(form.get("model") ?? ""), ...values, ...(note ? { note } : {}) },
                {
                  onSuccess: (o) => {
                    formEl.reset();
                    toast.success(`Price for ${o.model} saved`);
                    refresh();
                  },
                  onError: (err) => setError(err.message),
                },
              );
            }}
          >
            <div>
              <Label htmlFor="po-provider">Provider</Label>
              <Select id="po-provider" className="w-full" value={provider} onChange={(e) => setProvider(e.target.value as TModelProvider)}>
                {modelProviders.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <Label htmlFor="po-model">Model</Label>
              <Input id="po-model" name="model" required list="po-models" autoComplete="off" placeholder="claude-sonnet-4-5" />
              <datalist id="po-models">
                {Object.keys(shipped).map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </div>
            {RATES.map((r) => (
              <div key={r.field}>
                <Label htmlFor={`po-${r.field}`}>{r.label}</Label>
                <Input id={`po-${r.field}`} name={r.field} required inputMode="decimal" placeholder="0.00" />
              </div>
            ))}
            <div>
              <Label htmlFor="po-note">Note</Label>
              <Input id="po-note" name="note" maxLength={200} placeholder="2026 enterprise agreement" />
            </div>
            <Button type="submit" disabled={set.isPending}>
              Set price
            </Button>
            <div className="md:col-span-8">
              <FormError message={error} />
            </div>
          </form>
        </CardBody>
      ) : null}
      <DataTable columns={columns} data={overrides.data ?? []} empty={overrides.isLoading ? "Loading…" : "No overrides: the shipped price table applies"} testId="price-overrides-table" />
    </Card>
  );
}
