"use client";
/** Rollouts with their status and the ring each is at, newest first. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RolloutStatusBadge } from "./rollout-status-badge";

export function RolloutsList({ tenantSlug }: { tenantSlug: string }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.rollouts.list.queryOptions({ tenantSlug }), refetchInterval: 5000 });
  if (list.isLoading) return <p className="text-sm text-slate-500">Loading…</p>;
  if (list.error) return <p className="text-sm text-red-700">{list.error.message}</p>;
  if (!list.data?.length) return <EmptyState title="No rollouts yet">Propose a policy change below; it reaches dev first, then staging, then prod.</EmptyState>;
  return (
    <Card>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-100 text-xs text-slate-500">
          <tr>
            <th className="px-4 py-2 font-medium">Rollout</th>
            <th className="px-4 py-2 font-medium">Status</th>
            <th className="px-4 py-2 font-medium">Stages</th>
            <th className="px-4 py-2 font-medium">Changes</th>
            <th className="px-4 py-2 font-medium">Proposed</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((r) => (
            <tr key={r.id} className="border-b border-slate-50 hover:bg-slate-50">
              <td className="px-4 py-2">
                <Link className="font-medium text-brand-700 hover:underline" href={`/${tenantSlug}/rollouts/${r.id}`}>
                  {r.title}
                </Link>
              </td>
              <td className="px-4 py-2">
                <RolloutStatusBadge status={r.status} />
              </td>
              <td className="px-4 py-2 text-xs">
                {r.stages.map((s) => (
                  <span key={s.ring} className="mr-2">
                    {s.ring}: <RolloutStatusBadge status={s.status} />
                  </span>
                ))}
              </td>
              <td className="px-4 py-2 text-xs text-slate-600">{r.changes.map((c) => (c.kind === "policy" ? `${c.target} policy r${c.version}` : `entry ${c.target}`)).join(", ")}</td>
              <td className="px-4 py-2 text-xs text-slate-500">
                {r.createdBy} · {new Date(r.createdAt).toLocaleString()}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
