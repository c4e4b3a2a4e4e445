"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";

type TEntry = { seq: number; at: Date; actor: { type: string; label: string }; action: string; target: { type: string; id: string | null } | null; summary: Record<string, unknown>; hash: string };

const columns: ColumnDef<TEntry, unknown>[] = [
  { header: "#", accessorKey: "seq" },
  { header: "Time", accessorKey: "at", cell: ({ getValue }) => new Date(getValue() as Date).toLocaleString() },
  { header: "Actor", id: "actor", accessorFn: (r) => r.actor.label },
  { header: "Action", accessorKey: "action", cell: ({ getValue }) => <code className="text-xs">{getValue() as string}</code> },
  { header: "Target", id: "target", accessorFn: (r) => (r.target ? `${r.target.type} ${r.target.id ?? ""}` : "—") },
  {
    header: "Details",
    id: "summary",
    enableSorting: false,
    cell: ({ row }) => <span className="text-xs text-slate-600">{Object.entries(row.original.summary).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(" · ")}</span>,
  },
  { header: "Hash", accessorKey: "hash", cell: ({ getValue }) => <code className="text-xs text-slate-400">{(getValue() as string).slice(0, 12)}</code> },
];

export function AuditPanel({ tenantSlug }: { tenantSlug: string }) {
  const trpc = useTRPC();
  const entries = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ tenantSlug, limit: 50 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const verification = useQuery(trpc.audit.verify.queryOptions({ tenantSlug }));
  const rows = (entries.data?.pages.flatMap((p) => p.items) ?? []) as TEntry[];
  return (
    <Card>
      <CardHeader
        title="Entries"
        actions={
          verification.data ? (
            verification.data.ok ? (
              <Badge tone="good" data-testid="audit-chain-status">Chain verified · {verification.data.entries} entries</Badge>
            ) : (
              <Badge tone="bad" data-testid="audit-chain-status">Chain broken at #{verification.data.brokenAtSeq}: {verification.data.reason}</Badge>
            )
          ) : null
        }
      />
      <DataTable columns={columns} data={rows} empty={entries.isLoading ? "Loading…" : "No audit entries"} testId="audit-table" />
      {entries.hasNextPage ? (
        <div className="border-t border-slate-100 px-4 py-3 text-center">
          <Button variant="secondary" size="sm" onClick={() => entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
            Load older entries
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
