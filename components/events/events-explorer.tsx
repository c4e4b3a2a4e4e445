"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { EventDetail, SEVERITY_TONE, type TExplorerEvent } from "./event-detail";
import { EventsHistogram } from "./events-histogram";
import { ExportEventsButton } from "./export-events-button";
import { RANGES, rangeToFrom } from "./time-range";

const ROW_HEIGHT = 36;
const GRID = "grid grid-cols-[11rem_12rem_5.5rem_5.5rem_10rem_1fr] gap-2 px-3";

export function EventsExplorer({ tenantSlug, canSave }: { tenantSlug: string; canSave: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const [range, setRange] = useState("24h");
  const [selected, setSelected] = useState<TExplorerEvent | null>(null);
  // Fixed when the search runs, so paging and the histogram agree on the window.
  const [from, setFrom] = useState(() => rangeToFrom("24h"));

  function run(nextQuery = draft, nextRange = range) {
    setQuery(nextQuery);
    setDraft(nextQuery);
    setRange(nextRange);
    setFrom(rangeToFrom(nextRange));
    setSelected(null);
  }

  const filter = useMemo(() => ({ from }), [from]);
  const search = useInfiniteQuery(
    trpc.events.search.infiniteQueryOptions({ tenantSlug, query, filter, limit: 200 }, { getNextPageParam: (last) => last.nextCursor ?? undefined, retry: false }),
  );
  const histogram = useQuery(trpc.events.histogram.queryOptions({ tenantSlug, query, filter, buckets: 60 }, { retry: false }));
  const count = useQuery(trpc.events.count.queryOptions({ tenantSlug, query, filter }, { retry: false }));
  const saved = useQuery(trpc.events.savedSearches.queryOptions({ tenantSlug }));
  const save = useMutation(
    trpc.events.saveSearch.mutationOptions({
      onSuccess: () => {
        toast.success("Search saved");
        void queryClient.invalidateQueries({ queryKey: trpc.events.savedSearches.queryKey({ tenantSlug }) });
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  const rows = (search.data?.pages.flatMap((p) => p.events) ?? []) as TExplorerEvent[];
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const lastItem = items[items.length - 1];
  if (lastItem && lastItem.index >= rows.length - 20 && search.hasNextPage && !search.isFetchingNextPage) void search.fetchNextPage();

  const error = search.error?.message ?? histogram.error?.message;

  return (
    <div className="space-y-4">
      <Card className="space-y-3 p-4">
        <form
          className="flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <Input
            className="min-w-[20rem] flex-1 font-mono"
            placeholder='type:agent.tool_call outcome:denied host:alice-mbp severity>=high "rm -rf"'
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-label="Query"
            data-testid="events-query"
          />
          <Select value={range} onChange={(e) => run(draft, e.target.value)} aria-label="Time range">
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
          <Button type="submit">Search</Button>
          <Select
            aria-label="Saved searches"
            value=""
            onChange={(e) => {
              const found = saved.data?.find((s) => s.id === e.target.value);
              if (found) run(found.query.text, found.query.range ?? range);
            }}
          >
            <option value="">Saved searches…</option>
            {saved.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
          {canSave ? (
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                const name = window.prompt("Name this search");
                if (name) save.mutate({ tenantSlug, name, query: { text: query, range } });
              }}
            >
              Save
            </Button>
          ) : null}
        </form>
        {error ? <p className="text-sm text-red-700" role="alert">{error}</p> : null}
        <p className="text-xs text-slate-500">
          Fields: type, category, severity, outcome, identity, product, version, member, email, person, user, device, host, session, revocation, rollout, request, key, id, intent, target,
          param.&lt;name&gt;; compare with severity&gt;=high, cost&gt;=0.5; commas mean “any of”; anything else is free text.
        </p>
        {histogram.data ? <EventsHistogram points={histogram.data.points} bucketSeconds={histogram.data.bucketSeconds} /> : <div className="h-40" />}
      </Card>

      <div className="flex items-center justify-between">
        <div className="text-sm text-slate-600" data-testid="events-count">
          {count.data ? `${count.data.count.toLocaleString()}${count.data.capped ? "+" : ""} events` : "…"}
        </div>
        <div className="flex gap-2">
          <ExportEventsButton tenantSlug={tenantSlug} query={query} from={from} format="csv" />
          <ExportEventsButton tenantSlug={tenantSlug} query={query} from={from} format="ndjson" />
        </div>
      </div>

      <div className={selected ? "grid grid-cols-[1fr_26rem]" : ""}>
        <Card className="overflow-hidden">
          <div className={`${GRID} border-b border-slate-200 bg-slate-50 py-2 text-xs font-semibold uppercase text-slate-500`}>
            <span>Time</span>
            <span>Type</span>
            <span>Severity</span>
            <span>Outcome</span>
            <span>Who / device</span>
            <span>Intent → target</span>
          </div>
          <div ref={scrollRef} className="h-[32rem] overflow-auto" data-testid="events-table">
            {rows.length === 0 ? (
              <p className="p-6 text-center text-sm text-slate-500">{search.isLoading ? "Loading…" : "No events match"}</p>
            ) : (
              <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
                {items.map((item) => {
                  const event = rows[item.index]!;
                  return (
                    <button
                      key={event.id}
                      type="button"
                      onClick={() => setSelected(event)}
                      className={`${GRID} absolute left-0 w-full items-center border-b border-slate-100 text-left text-sm hover:bg-slate-50 ${selected?.id === event.id ? "bg-brand-50" : ""}`}
                      style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                      data-testid="event-row"
                    >
                      <span className="truncate text-xs text-slate-600">{new Date(event.time).toLocaleString()}</span>
                      <span className="truncate font-mono text-xs">{event.type}</span>
                      <span>
                        <Badge tone={SEVERITY_TONE[event.severity]}>{event.severity}</Badge>
                      </span>
                      <span className="text-xs">{event.outcome}</span>
                      <span className="truncate text-xs">{[event.onBehalfOf.userName ?? event.actor.email, event.device.hostname].filter(Boolean).join(" · ") || "—"}</span>
                      <span className="truncate text-xs text-slate-700">{[event.intent, event.target].filter(Boolean).join(" → ") || "—"}</span>
                    </button>
                  );
                })}
              </div>
            )}
          </div>
        </Card>
        {selected ? <EventDetail event={selected} onClose={() => setSelected(null)} onFilter={(term) => run(`${query} ${term}`.trim())} /> : null}
      </div>
    </div>
  );
}
