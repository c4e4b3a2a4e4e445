"use client";
/**
 * The devices table: TanStack Table in manual mode, so paging, sorting, filtering and search run on the server
 * (devices.list) and the page stays fast at 100,000 devices.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { cn } from "@/lib/cn";
import { formatAgo } from "./format-ago";
import { formatOs } from "./format-os";

type TSortField = "hostname" | "lastCheckinAt" | "enrolledAt" | "ring" | "os" | "username";
type TDeviceRow = {
  id: string;
  hostname: string;
  os: string;
  osVersion: string;
  username: string;
  ring: "dev" | "staging" | "prod";
  status: string;
  lastCheckinAt: Date | null;
  enrolledAt: Date;
  owner: { userName: string; displayName: string | null } | null;
  agentCount: number;
};

const SORTABLE = new Set<string>(["hostname", "lastCheckinAt", "enrolledAt", "ring", "os", "username"]);

export function DevicesTable({ tenantSlug, products, initialProductSlug = "" }: { tenantSlug: string; products: { slug: string; displayName: string }[]; initialProductSlug?: string }) {
  const trpc = useTRPC();
  const [searchText, setSearchText] = useState("");
  const [search, setSearch] = useState("");
  const [ring, setRing] = useState("");
  const [os, setOs] = useState("");
  const [status, setStatus] = useState("active");
  const [productSlug, setProductSlug] = useState(initialProductSlug);
  const [sorting, setSorting] = useState<SortingState>([{ id: "hostname", desc: false }]);
  const [page, setPage] = useState(1);
  const pageSize = 50;

  useEffect(() => {
    const t = setTimeout(() => {
      setSearch(searchText.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(t);
  }, [searchText]);

  const sort = (sorting[0]?.id ?? "hostname") as TSortField;
  const order = sorting[0]?.desc ? "desc" : "asc";
  const query = useQuery({
    ...trpc.devices.list.queryOptions({
      tenantSlug,
      page,
      pageSize,
      sort,
      order,
      search: search || undefined,
      ring: (ring || undefined) as "dev" | "staging" | "prod" | undefined,
      os: (os || undefined) as "linux" | "darwin" | "windows" | undefined,
      status: (status || undefined) as "active" | "unenrolled" | undefined,
      productSlug: productSlug || undefined,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

  const columns = useMemo<ColumnDef<TDeviceRow, unknown>[]>(
    () => [
      {
        id: "hostname",
        header: "Device",
        cell: ({ row }) => (
          <Link href={`/${tenantSlug}/devices/${row.original.id}`} className="font-medium text-brand-700 hover:underline">
            {row.original.hostname}
          </Link>
        ),
      },
      { id: "username", header: "User", cell: ({ row }) => row.original.owner?.displayName ?? row.original.owner?.userName ?? row.original.username },
      { id: "os", header: "OS", cell: ({ row }) => formatOs(row.original) },
      { id: "ring", header: "Ring", cell: ({ row }) => <Badge tone={row.original.ring === "prod" ? "info" : "neutral"}>{row.original.ring}</Badge> },
      { id: "agents", header: "Agents", enableSorting: false, cell: ({ row }) => <span className="tabular-nums">{row.original.agentCount}</span> },
      {
        id: "lastCheckinAt",
        header: "Last check-in",
        cell: ({ row }) => (row.original.status === "unenrolled" ? <Badge tone="warn">unenrolled</Badge> : row.original.lastCheckinAt ? formatAgo(new Date(row.original.lastCheckinAt)) : "never"),
      },
      { id: "enrolledAt", header: "Enrolled", cell: ({ row }) => new Date(row.original.enrolledAt).toLocaleDateString() },
    ],
    [tenantSlug],
  );

  const data = (query.data?.items ?? []) as TDeviceRow[];
  const table = useReactTable({
    data,
    columns,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater) => {
      setSorting(updater);
      setPage(1);
    },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
  });
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Input aria-label="Search devices" placeholder="Search hostname or user" value={searchText} onChange={(e) => setSearchText(e.target.value)} className="w-64" />
        <Select aria-label="Ring" value={ring} onChange={(e) => { setRing(e.target.value); setPage(1); }}>
          <option value="">All rings</option>
          <option value="dev">dev</option>
          <option value="staging">staging</option>
          <option value="prod">prod</option>
        </Select>
        <Select aria-label="OS" value={os} onChange={(e) => { setOs(e.target.value); setPage(1); }}>
          <option value="">All OS</option>
          <option value="linux">Linux</option>
          <option value="darwin">macOS</option>
          <option value="windows">Windows</option>
        </Select>
        <Select aria-label="Agent" value={productSlug} onChange={(e) => { setProductSlug(e.target.value); setPage(1); }}>
          <option value="">Any agent</option>
          {products.map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.displayName}
            </option>
          ))}
        </Select>
        <Select aria-label="Status" value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
          <option value="active">Enrolled</option>
          <option value="unenrolled">Unenrolled</option>
          <option value="">All</option>
        </Select>
        <span className="ml-auto text-sm text-slate-500" data-testid="devices-total">
          {total.toLocaleString()} device{total === 1 ? "" : "s"}
        </span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="devices-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sortable = SORTABLE.has(h.column.id);
                  return (
                    <th
                      key={h.id}
                      className={cn("px-4 py-2 font-medium", sortable && "cursor-pointer select-none")}
                      onClick={sortable ? h.column.getToggleSortingHandler() : undefined}
                      aria-sort={h.column.getIsSorted() === "asc" ? "ascending" : h.column.getIsSorted() === "desc" ? "descending" : undefined}
                    >
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      {sortable ? ({ asc: " ↑", desc: " ↓" }[h.column.getIsSorted() as string] ?? null) : null}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-4 py-8 text-center text-slate-500">
                  {query.isLoading ? "Loading…" : query.isError ? query.error.message : "No devices match. Enroll one with the command above."}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50" data-testid="device-row">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-4 py-2 align-top">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="flex items-center justify-end gap-2 text-sm text-slate-600">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
          Previous
        </Button>
        <span>
          Page {page} of {pages.toLocaleString()}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          Next
        </Button>
      </div>
    </div>
  );
}
