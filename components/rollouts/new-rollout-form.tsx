"use client";
/**
 * Propose a policy rollout: the verdict class, the whole new policy as JSON (prefilled with the current revision),
 * soak time, promotion mode and the two-person rule. The server validates everything and says what is wrong.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export function NewRolloutForm({ tenantSlug }: { tenantSlug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [verdictClass, setVerdictClass] = useState<"sanctioned" | "tolerated">("sanctioned");
  const [policyText, setPolicyText] = useState("");
  const [soak, setSoak] = useState("30");
  const [promotion, setPromotion] = useState<"auto" | "manual">("auto");
  const [twoPerson, setTwoPerson] = useState(true);
  const policies = useQuery(trpc.registry.policies.queryOptions({ tenantSlug }));
  useEffect(() => {
    const current = policies.data?.current[verdictClass];
    setPolicyText(JSON.stringify(current?.policy ?? {}, null, 2));
  }, [policies.data, verdictClass]);
  const create = useMutation(
    trpc.rollouts.create.mutationOptions({
      onSuccess: (r) => {
        toast.success("Rollout proposed; dev starts now");
        queryClient.invalidateQueries({ queryKey: trpc.rollouts.pathKey() });
        router.push(`/${tenantSlug}/rollouts/${r.id}`);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const submit = () => {
    let policy: unknown;
    try {
      policy = JSON.parse(policyText);
    } catch (error) {
      toast.error(`The policy is not valid JSON: ${(error as Error).message}`);
      return;
    }
    const soakMinutes = Number(soak);
    create.mutate({
      tenantSlug,
      title,
      changes: [{ kind: "policy", verdictClass, policy }],
      stages: [
        { ring: "dev", soakMinutes },
        { ring: "staging", soakMinutes, waves: [50, 100] },
        { ring: "prod", soakMinutes, waves: [10, 50, 100], approvalRole: "admin" },
      ],
      promotion,
      twoPersonRule: twoPerson,
    });
  };
  return (
    <Card>
      <CardHeader title="Propose a policy rollout" description="dev at once, staging in two waves, prod in three waves after an admin's approval" />
      <CardBody className="grid gap-4 md:grid-cols-2">
        <div className="space-y-3">
          <div>
            <Label htmlFor="rollout-title">Title</Label>
            <Input id="rollout-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Deny reading .env files" />
          </div>
          <div>
            <Label htmlFor="rollout-class">Policy</Label>
            <Select id="rollout-class" value={verdictClass} onChange={(e) => setVerdictClass(e.target.value as "sanctioned" | "tolerated")}>
              <option value="sanctioned">sanctioned products</option>
              <option value="tolerated">tolerated products</option>
            </Select>
          </div>
          <div>
            <Label htmlFor="rollout-soak">Soak per stage (minutes)</Label>
            <Input id="rollout-soak" type="number" min={0} max={10080} value={soak} onChange={(e) => setSoak(e.target.value)} />
          </div>
          <div>
            <Label htmlFor="rollout-promotion">Promotion</Label>
            <Select id="rollout-promotion" value={promotion} onChange={(e) => setPromotion(e.target.value as "auto" | "manual")}>
              <option value="auto">automatic when gates pass</option>
              <option value="manual">someone promotes each stage</option>
            </Select>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={twoPerson} onChange={(e) => setTwoPerson(e.target.checked)} /> Two-person rule for prod (you cannot approve your own change)
          </label>
          <Button onClick={submit} disabled={create.isPending || title.trim().length < 3}>
            Propose rollout
          </Button>
        </div>
        <div>
          <Label htmlFor="rollout-policy">New policy (JSON)</Label>
          <textarea id="rollout-policy" className="h-72 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" value={policyText} onChange={(e) => setPolicyText(e.target.value)} spellCheck={false} />
        </div>
      </CardBody>
    </Card>
  );
}
