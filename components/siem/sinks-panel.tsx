"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

const STATUS_TONE: Record<string, "good" | "warn" | "bad"> = { ok: "good", retrying: "warn", paused: "bad" };

function NewSinkForm({ tenantSlug, onDone }: { tenantSlug: string; onDone: () => void }) {
  const trpc = useTRPC();
  const [transport, setTransport] = useState<"webhook" | "splunk_hec" | "syslog">("webhook");
  const create = useMutation(
    trpc.eventSinks.create.mutationOptions({
      onSuccess: () => {
        toast.success("Sink created: it receives events from now on");
        onDone();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <form
      className="grid gap-3 md:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const get = (k: string) => String(f.get(k) ?? "").trim();
        const config =
          transport === "syslog"
            ? { host: get("host"), port: Number(get("port")), tls: f.get("tls") === "on", ...(get("caPem") ? { caPem: get("caPem") } : {}) }
            : { url: get("url"), ...(transport === "splunk_hec" && get("index") ? { index: get("index") } : {}) };
        create.mutate({
          tenantSlug,
          name: get("name"),
          format: get("format") as "ocsf",
          transport,
          config,
          ...(get("secret") ? { secret: get("secret") } : {}),
          minSeverity: get("minSeverity") as "info",
        });
      }}
    >
      <div>
        <Label htmlFor="sink-name">Name</Label>
        <Input id="sink-name" name="name" required maxLength={80} />
      </div>
      <div>
        <Label htmlFor="sink-format">Format</Label>
        <Select id="sink-format" name="format" defaultValue="ocsf">
          <option value="ocsf">OCSF 1.x</option>
          <option value="ecs">Elastic ECS</option>
          <option value="cef">ArcSight CEF</option>
          <option value="otlp_logs">OpenTelemetry logs</option>
        </Select>
      </div>
      <div>
        <Label htmlFor="sink-transport">Transport</Label>
        <Select id="sink-transport" value={transport} onChange={(e) => setTransport(e.target.value as typeof transport)}>
          <option value="webhook">HTTPS webhook (HMAC-signed)</option>
          <option value="splunk_hec">Splunk HTTP Event Collector</option>
          <option value="syslog">Syslog over TCP/TLS</option>
        </Select>
      </div>
      {transport === "syslog" ? (
        <>
          <div>
            <Label htmlFor="sink-host">Host</Label>
            <Input id="sink-host" name="host" required />
          </div>
          <div>
            <Label htmlFor="sink-port">Port</Label>
            <Input id="sink-port" name="port" type="number" defaultValue={6514} min={1} max={65535} required />
          </div>
          <label className="flex items-center gap-2 pt-6 text-sm">
            <input type="checkbox" name="tls" defaultChecked /> TLS
          </label>
          <div className="md:col-span-3">
            <Label htmlFor="sink-ca">CA certificate (PEM, optional)</Label>
            <textarea id="sink-ca" name="caPem" className="h-20 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" />
          </div>
        </>
      ) : (
        <>
          <div className="md:col-span-2">
            <Label htmlFor="sink-url">URL</Label>
            <Input id="sink-url" name="url" type="url" required placeholder={transport === "splunk_hec" ? "https://splunk.example.com:8088" : "https://siem.example.com/marshal"} />
          </div>
          <div>
            <Label htmlFor="sink-secret">{transport === "splunk_hec" ? "HEC token" : "Signing secret (16+ characters)"}</Label>
            <Input id="sink-secret" name="secret" type="password" required autoComplete="off" />
          </div>
          {transport === "splunk_hec" ? (
            <div>
              <Label htmlFor="sink-index">Index (optional)</Label>
              <Input id="sink-index" name="index" />
            </div>
          ) : null}
        </>
      )}
      <div>
        <Label htmlFor="sink-severity">Minimum severity</Label>
        <Select id="sink-severity" name="minSeverity" defaultValue="info">
          {["info", "low", "medium", "high", "critical"].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex items-end gap-2 md:col-span-3">
        <Button type="submit" disabled={create.isPending}>
          Create sink
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function SinksPanel({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const sinks = useQuery(trpc.eventSinks.list.queryOptions({ tenantSlug }, { refetchInterval: 5000 }));
  const deadLetters = useQuery(trpc.eventSinks.deadLetters.queryOptions({ tenantSlug }, { refetchInterval: 10000 }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.eventSinks.list.queryKey({ tenantSlug }) });
    void queryClient.invalidateQueries({ queryKey: trpc.eventSinks.deadLetters.queryKey({ tenantSlug }) });
  };
  const onError = (error: { message: string }) => toast.error(error.message);
  const test = useMutation(trpc.eventSinks.test.mutationOptions({ onSuccess: (r) => (r.ok ? toast.success(r.message) : toast.error(r.message)), onError }));
  const update = useMutation(trpc.eventSinks.update.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.eventSinks.delete.mutationOptions({ onSuccess: refresh, onError }));
  const replay = useMutation(trpc.eventSinks.replay.mutationOptions({ onSuccess: () => toast.success("Replay queued"), onError }));
  const replayDead = useMutation(trpc.eventSinks.replayDeadLetter.mutationOptions({ onSuccess: (r) => (r.ok ? toast.success(r.message) : toast.error(r.message), refresh()), onError }));

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Sinks" description="Status, backlog (events waiting) and last error per sink." actions={canManage && !adding ? <Button onClick={() => setAdding(true)}>Add sink</Button> : null} />
        {adding ? (
          <CardBody className="border-b border-slate-100">
            <NewSinkForm
              tenantSlug={tenantSlug}
              onDone={() => {
                setAdding(false);
                refresh();
              }}
            />
          </CardBody>
        ) : null}
        {sinks.data && sinks.data.length === 0 ? (
          <EmptyState title="No sinks yet">Add one to stream events to your SIEM.</EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="sinks-table">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Name</th>
                <th className="px-3 py-2">Format / transport</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Backlog</th>
                <th className="px-3 py-2">Delivered</th>
                <th className="px-3 py-2">Last error</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {sinks.data?.map((sink) => (
                <tr key={sink.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2 font-medium">{sink.name}{sink.enabled ? "" : " (disabled)"}</td>
                  <td className="px-3 py-2">{sink.format} · {sink.transport}</td>
                  <td className="px-3 py-2">
                    <Badge tone={STATUS_TONE[sink.status] ?? "warn"}>{sink.status}</Badge>
                  </td>
                  <td className="px-3 py-2" data-testid="sink-backlog">{sink.backlog.toLocaleString()}{sink.backlogCapped ? "+" : ""}</td>
                  <td className="px-3 py-2">{sink.deliveredCount.toLocaleString()}</td>
                  <td className="max-w-xs truncate px-3 py-2 text-xs text-red-700" title={sink.lastError ?? ""}>{sink.lastError ?? "—"}</td>
                  <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                    {canManage ? (
                      <>
                        <Button size="sm" variant="secondary" onClick={() => test.mutate({ tenantSlug, id: sink.id })}>Test</Button>
                        {sink.status === "paused" ? (
                          <Button size="sm" variant="secondary" onClick={() => update.mutate({ tenantSlug, id: sink.id, resume: true })}>Resume</Button>
                        ) : null}
                        <Button size="sm" variant="secondary" onClick={() => update.mutate({ tenantSlug, id: sink.id, enabled: !sink.enabled })}>{sink.enabled ? "Disable" : "Enable"}</Button>
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => {
                            const hours = Number(window.prompt("Replay how many hours back?", "24"));
                            if (hours > 0) replay.mutate({ tenantSlug, id: sink.id, from: new Date(Date.now() - hours * 3600_000).toISOString(), to: new Date().toISOString() });
                          }}
                        >
                          Replay
                        </Button>
                        <Button size="sm" variant="danger" onClick={() => window.confirm(`Delete sink "${sink.name}"?`) && remove.mutate({ tenantSlug, id: sink.id })}>Delete</Button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card>
        <CardHeader title="Dead letters" description="Batches a sink refused for good (not retryable). The stream moved on; re-send them once the cause is fixed." />
        {deadLetters.data && deadLetters.data.length === 0 ? (
          <EmptyState title="Nothing dead-lettered" />
        ) : (
          <table className="w-full text-sm" data-testid="dead-letters-table">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">When</th>
                <th className="px-3 py-2">Sink</th>
                <th className="px-3 py-2">Events</th>
                <th className="px-3 py-2">Error</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {deadLetters.data?.map((d) => (
                <tr key={d.id} className="border-t border-slate-100">
                  <td className="px-3 py-2 text-xs">{new Date(d.createdAt).toLocaleString()}</td>
                  <td className="px-3 py-2">{d.sinkName}</td>
                  <td className="px-3 py-2">{d.eventCount}</td>
                  <td className="max-w-md truncate px-3 py-2 text-xs text-red-700" title={d.error}>{d.error}</td>
                  <td className="px-3 py-2 text-right">
                    {d.replayedAt ? <Badge tone="good">re-sent</Badge> : canManage ? <Button size="sm" variant="secondary" onClick={() => replayDead.mutate({ tenantSlug, id: d.id })}>Re-send</Button> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
