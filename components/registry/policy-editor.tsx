"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/select";

type TClass = "sanctioned" | "tolerated";

/** The agent policy of a verdict class as JSON (ZAgentPolicy), saved as a new immutable revision; history with diffs below. */
export function PolicyEditor({ tenantSlug, canManage }: { tenantSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [verdictClass, setVerdictClass] = useState<TClass>("sanctioned");
  const policies = useQuery(trpc.registry.policies.queryOptions({ tenantSlug }));
  const current = policies.data?.current[verdictClass] ?? null;
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(JSON.stringify(current?.policy ?? { permissions: { deny: [] }, disableBypassMode: true }, null, 2));
    setError(null);
  }, [current, verdictClass]);
  const revise = useMutation(
    trpc.registry.revisePolicy.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Revision ${r.version} saved; ${r.devicesNotified} device(s) notified`);
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() });
      },
      onError: (err) => setError(err.message),
    }),
  );
  const save = () => {
    let policy: unknown;
    try {
      policy = JSON.parse(text);
    } catch {
      setError("The policy is not valid JSON");
      return;
    }
    revise.mutate({ tenantSlug, verdictClass, policy });
  };
  const revisions = (policies.data?.revisions ?? []).filter((r) => r.verdictClass === verdictClass);
  return (
    <Card>
      <CardHeader
        title="Agent policy"
        description="Permission rules, bypass mode, MCP allow/deny lists, telemetry and sandbox, compiled into each agent's own managed settings."
        actions={
          <Select aria-label="Verdict class" value={verdictClass} onChange={(e) => setVerdictClass(e.target.value as TClass)}>
            <option value="sanctioned">sanctioned</option>
            <option value="tolerated">tolerated</option>
          </Select>
        }
      />
      <CardBody className="space-y-3">
        <p className="text-sm text-slate-600">{current ? `Revision ${current.version}, ${new Date(current.createdAt).toLocaleString()}` : "No policy yet: products of this class get no managed files."}</p>
        <textarea aria-label="Policy JSON" className="h-64 w-full rounded border border-slate-300 p-2 font-mono text-xs" value={text} readOnly={!canManage} onChange={(e) => setText(e.target.value)} />
        {error ? <p className="whitespace-pre-wrap text-sm text-red-700" role="alert">{error}</p> : null}
        {canManage ? <Button onClick={save} disabled={revise.isPending}>Save as new revision</Button> : null}
        {revisions.length > 0 ? (
          <ul className="space-y-1 text-sm" data-testid="policy-revisions">
            {revisions.map((r) => (
              <li key={r.id}>
                <span className="font-medium">v{r.version}</span> {new Date(r.createdAt).toLocaleString()} — {r.diff.map((d) => d.path).join(", ") || "initial"}
                {r.note ? ` (${r.note})` : ""}
              </li>
            ))}
          </ul>
        ) : null}
      </CardBody>
    </Card>
  );
}
