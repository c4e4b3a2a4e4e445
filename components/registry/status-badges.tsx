import { Badge } from "@/components/ui/badge";

const VERDICT_TONE = { sanctioned: "good", tolerated: "warn", blocked: "bad", unreviewed: "neutral" } as const;
const STATUS_TONE: Record<string, "good" | "warn" | "bad" | "neutral" | "info"> = {
  in_force: "good",
  drifted: "warn",
  tampered: "bad",
  blocked_present: "bad",
  apply_failed: "bad",
  needs_elevation: "warn",
  not_applicable: "neutral",
  unattested: "neutral",
};

export function VerdictBadge({ verdict }: { verdict: string }) {
  return <Badge tone={VERDICT_TONE[verdict as keyof typeof VERDICT_TONE] ?? "neutral"}>{verdict}</Badge>;
}

export function AttestationBadge({ status, repaired }: { status: string; repaired?: boolean }) {
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} title={repaired ? "drift was found and repaired at the last check-in" : undefined}>
      {status.replace(/_/g, " ")}
      {repaired ? " (repaired)" : ""}
    </Badge>
  );
}
