"use client";
/** Approve / Promote / Halt / Roll back, each shown only to roles that may use it; the server refuses with its reason otherwise. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { TRolloutView } from "./rollout-view";

export function RolloutActions({ tenantSlug, rollout, can }: { tenantSlug: string; rollout: TRolloutView; can: { approve: boolean; promote: boolean; halt: boolean; rollback: boolean } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rollouts.pathKey() });
  const handlers = { onSuccess: () => (refresh(), setReason("")), onError: (e: { message: string }) => toast.error(e.message) };
  const approve = useMutation(trpc.rollouts.approve.mutationOptions({ ...handlers, onSuccess: (r) => (toast.success(`Approved the ${r.ring} stage`), refresh()) }));
  const promote = useMutation(trpc.rollouts.promote.mutationOptions({ ...handlers, onSuccess: (r) => (toast.success(r.status === "completed" ? "Rollout completed" : `Promoted to ${r.ring}`), refresh()) }));
  const halt = useMutation(trpc.rollouts.halt.mutationOptions({ ...handlers, onSuccess: () => (toast.success("Halted"), refresh(), setReason("")) }));
  const rollback = useMutation(trpc.rollouts.rollback.mutationOptions({ ...handlers, onSuccess: (r) => (toast.success(`Rolled back; ${r.devicesReverted} devices get the previous revision`), refresh(), setReason("")) }));
  const waitingApproval = rollout.stages.some((s) => s.approvalRole && !s.approved && ["pending", "awaiting_approval", "ready"].includes(s.status));
  const active = rollout.status === "active";
  const canRollBack = rollout.status !== "rolled_back";
  return (
    <div className="flex flex-wrap items-center gap-2">
      {can.approve && active && waitingApproval ? (
        <Button onClick={() => approve.mutate({ tenantSlug, id: rollout.id })} disabled={approve.isPending}>
          Approve
        </Button>
      ) : null}
      {can.promote && active ? (
        <Button variant="secondary" onClick={() => promote.mutate({ tenantSlug, id: rollout.id })} disabled={promote.isPending}>
          Promote
        </Button>
      ) : null}
      {(can.halt && active) || (can.rollback && canRollBack) ? <Input className="w-56" placeholder="Reason (halt / roll back)" value={reason} onChange={(e) => setReason(e.target.value)} /> : null}
      {can.halt && active ? (
        <Button variant="secondary" onClick={() => halt.mutate({ tenantSlug, id: rollout.id, reason })} disabled={halt.isPending || reason.trim().length < 3}>
          Halt
        </Button>
      ) : null}
      {can.rollback && canRollBack ? (
        <Button variant="danger" onClick={() => rollback.mutate({ tenantSlug, id: rollout.id, reason })} disabled={rollback.isPending || reason.trim().length < 3}>
          Roll back
        </Button>
      ) : null}
    </div>
  );
}
