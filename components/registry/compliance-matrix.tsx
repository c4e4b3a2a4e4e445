"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/select";
import { AttestationBadge } from "./status-badges";

const STATUSES = ["", "in_force", "drifted", "tampered", "blocked_present", "needs_elevation", "apply_failed"];

/** Devices × agents: the latest attestation of each agent on each device. */
export function ComplianceMatrix({ tenantSlug }: { tenantSlug: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState("");
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const matrix = useQuery(trpc.registry.compliance.queryOptions({ tenantSlug, take: 100, cursor, status: status || undefined }));
  const data = matrix.data;
  return (
    <Card>
      <CardHeader
        title="Compliance"
        description="Is the policy actually in force? Read back from each device at check-in, hashed, and confirmed by the agent itself where it can be asked."
        actions={
          <Select aria-label="Filter by status" value={status} onChange={(e) => { setStatus(e.target.value); setCursor(undefined); }}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? s.replace(/_/g, " ") : "all devices"}
              </option>
            ))}
          </Select>
        }
      />
      <CardBody>
        {data ? (
          <div className="mb-3 flex flex-wrap gap-3 text-sm">
            {Object.entries(data.totals).map(([s, n]) => (
              <span key={s} className="inline-flex items-center gap-1">
                <AttestationBadge status={s} /> {n}
              </span>
            ))}
          </div>
        ) : null}
        {!data || data.rows.length === 0 ? (
          <EmptyState title={matrix.isLoading ? "Loading…" : "No devices"}>Devices appear here after they enroll and check in.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="compliance-matrix">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="py-2 pr-4">Device</th>
                  {data.products.map((p) => (
                    <th key={p} className="py-2 pr-4">{p}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.deviceId} className="border-t border-slate-100">
                    <td className="py-2 pr-4 font-medium">
                      {row.hostname} <span className="text-xs text-slate-500">{row.os} · {row.ring}</span>
                    </td>
                    {data.products.map((p) => {
                      const cell = row.cells.find((c) => c.productSlug === p);
                      return (
                        <td key={p} className="py-2 pr-4" title={cell ? `${cell.verdict}${cell.version ? ` · ${cell.version}` : ""}${cell.lastDriftAt ? ` · last drift ${new Date(cell.lastDriftAt).toLocaleString()}` : ""}` : undefined}>
                          {cell ? <AttestationBadge status={cell.status} repaired={cell.repaired} /> : <span className="text-slate-300">—</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data?.nextCursor ? (
          <button className="mt-3 text-sm text-brand-700 hover:underline" onClick={() => setCursor(data.nextCursor ?? undefined)}>
            Next devices →
          </button>
        ) : null}
      </CardBody>
    </Card>
  );
}
