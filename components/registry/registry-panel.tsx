"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/select";
import { AttestationBadge, VerdictBadge } from "./status-badges";
import { PolicyEditor } from "./policy-editor";

type TProductRow = {
  productSlug: string;
  displayName: string;
  vendor: string | null;
  verdict: string;
  compilable: boolean;
  devices: number;
  installations: number;
  activeExceptions: number;
  attestations: Record<string, number>;
  entry: { versionRange: string | null; toleratedUntil: Date | null } | null;
};

const VERDICTS = ["sanctioned", "tolerated", "blocked"] as const;

export function RegistryPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const products = useQuery(trpc.registry.products.queryOptions({ tenantSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() });
  const onError = (err: { message: string }) => toast.error(err.message);
  const setVerdict = useMutation(trpc.registry.setVerdict.mutationOptions({ onSuccess: (r) => { toast.success(`${r.productSlug} is ${r.verdict}; ${r.devicesNotified} device(s) notified`); refresh(); }, onError }));
  const updateSettings = useMutation(trpc.registry.updateSettings.mutationOptions({ onSuccess: (r) => { toast.success(`Settings saved; ${r.devicesNotified} device(s) notified`); refresh(); }, onError }));

  const chooseVerdict = (row: TProductRow, verdict: string) => {
    if (verdict === "tolerated") {
      const until = prompt("Tolerated until (YYYY-MM-DD)?", new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
      if (!until) return;
      setVerdict.mutate({ tenantSlug, productSlug: row.productSlug, verdict, toleratedUntil: new Date(`${until}T23:59:59Z`) });
    } else {
      if (verdict === "blocked" && !confirm(`Block ${row.displayName}? Devices will stop it and handle its install per the settings below.`)) return;
      setVerdict.mutate({ tenantSlug, productSlug: row.productSlug, verdict: verdict as (typeof VERDICTS)[number] });
    }
  };

  const columns: ColumnDef<TProductRow, unknown>[] = [
    {
      header: "Product",
      accessorKey: "displayName",
      cell: ({ row }) => (
        <Link className="font-medium text-brand-700 hover:underline" href={`/${tenantSlug}/registry/${encodeURIComponent(row.original.productSlug)}`}>
          {row.original.displayName}
        </Link>
      ),
    },
    { header: "Vendor", accessorKey: "vendor", cell: ({ getValue }) => (getValue() as string | null) ?? "—" },
    {
      header: "Verdict",
      accessorKey: "verdict",
      cell: ({ row }) =>
        canManage ? (
          <Select aria-label={`Verdict of ${row.original.displayName}`} value={row.original.verdict} onChange={(e) => chooseVerdict(row.original, e.target.value)}>
            {row.original.verdict === "unreviewed" ? <option value="unreviewed">unreviewed</option> : null}
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        ) : (
          <VerdictBadge verdict={row.original.verdict} />
        ),
    },
    { header: "Pins", id: "pins", cell: ({ row }) => row.original.entry?.versionRange ?? "—" },
    { header: "Devices", accessorKey: "devices" },
    { header: "Exceptions", accessorKey: "activeExceptions" },
    {
      header: "Attested",
      id: "attested",
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-1">
          {Object.entries(row.original.attestations).map(([status, n]) => (
            <span key={status} className="inline-flex items-center gap-1">
              <AttestationBadge status={status} /> {n}
            </span>
          ))}
        </span>
      ),
    },
  ];

  const data = (products.data?.products ?? []) as TProductRow[];
  const triage = data.filter((p) => p.verdict === "unreviewed" && p.installations > 0).sort((a, b) => b.devices - a.devices);
  const settings = products.data?.settings;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Triage" description="Agents found on devices that nobody has given a verdict yet." />
        <CardBody>
          {triage.length === 0 ? (
            <EmptyState title="Nothing to triage">Every agent found on a device has a verdict.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="triage-queue">
              {triage.map((p) => (
                <li key={p.productSlug} className="flex items-center justify-between py-2">
                  <span>
                    <span className="font-medium">{p.displayName}</span> <span className="text-sm text-slate-500">on {p.devices} device(s)</span>
                  </span>
                  {canManage ? (
                    <span className="flex gap-2">
                      {VERDICTS.map((v) => (
                        <button key={v} className="text-sm text-brand-700 hover:underline" onClick={() => chooseVerdict(p, v)}>
                          {v}
                        </button>
                      ))}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Products" description="Sanctioned: allowed and governed. Tolerated: allowed, flagged and time-boxed. Blocked: stopped and removed from devices." />
        <CardBody>
          <DataTable columns={columns} data={data} empty={products.isLoading ? "Loading…" : "No products"} testId="registry-products" />
        </CardBody>
      </Card>
      {settings ? (
        <Card>
          <CardHeader title="Settings" description="How unreviewed agents, drift and blocked installs are handled." />
          <CardBody className="grid gap-4 sm:grid-cols-3">
            <label className="text-sm">
              Default verdict for unreviewed agents
              <Select disabled={!canManage} value={settings.defaultVerdict} onChange={(e) => updateSettings.mutate({ tenantSlug, defaultVerdict: e.target.value as "unreviewed" })}>
                {["unreviewed", "sanctioned", "tolerated", "blocked"].map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </Select>
            </label>
            <label className="text-sm">
              Auto-repair drift
              <Select disabled={!canManage} value={settings.autoRepair ? "on" : "off"} onChange={(e) => updateSettings.mutate({ tenantSlug, autoRepair: e.target.value === "on" })}>
                <option value="on">on</option>
                <option value="off">off (report only)</option>
              </Select>
            </label>
            <label className="text-sm">
              Blocked installs
              <Select disabled={!canManage} value={settings.blockedInstallHandling} onChange={(e) => updateSettings.mutate({ tenantSlug, blockedInstallHandling: e.target.value as "quarantine" })}>
                <option value="quarantine">quarantine</option>
                <option value="remove">remove</option>
                <option value="stop-only">stop only</option>
              </Select>
            </label>
          </CardBody>
        </Card>
      ) : null}
      <PolicyEditor tenantSlug={tenantSlug} canManage={canManage} />
    </div>
  );
}
