import { Badge } from "@/components/ui/badge";

const TONES: Record<string, "neutral" | "good" | "warn" | "bad" | "info"> = {
  active: "info",
  completed: "good",
  halted: "warn",
  rolled_back: "bad",
  pending: "neutral",
  awaiting_approval: "warn",
  ready: "neutral",
  delivering: "info",
  soaking: "info",
  passed: "good",
  failed: "bad",
};

export function RolloutStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{status.replace("_", " ")}</Badge>;
}
