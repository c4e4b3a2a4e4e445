/** A stage's gate verdict from its counts: which thresholds are exceeded, and whether enough devices attested. */
import type { TRolloutGates } from "./rollout-schemas";

export type TStageCounts = {
  /** Devices the new revision was sent to (devices whose bundle it does not change are left out). */
  targeted: number;
  applied: number;
  attested: number;
  failed: number;
  startFailures: number;
  errorEvents: number;
  killSwitches: number;
};

export type TGateVerdict = { failing: string[]; attestedPct: number; failurePct: number; enoughAttested: boolean };

export function checkRolloutGates({ counts, gates }: { counts: TStageCounts; gates: TRolloutGates }): TGateVerdict {
  const failurePct = counts.targeted === 0 ? 0 : (counts.failed * 100) / counts.targeted;
  const attestedPct = counts.targeted === 0 ? 100 : (counts.attested * 100) / counts.targeted;
  const failing: string[] = [];
  if (failurePct > gates.maxAttestationFailurePct) failing.push(`attestation failures ${counts.failed}/${counts.targeted} (${round(failurePct)}%) exceed ${gates.maxAttestationFailurePct}%`);
  if (counts.startFailures > gates.maxStartFailures) failing.push(`agent start failures ${counts.startFailures} exceed ${gates.maxStartFailures}`);
  if (counts.errorEvents > gates.maxErrorEvents) failing.push(`error events ${counts.errorEvents} exceed ${gates.maxErrorEvents}`);
  if (counts.killSwitches > gates.maxKillSwitches) failing.push(`kill switches fired ${counts.killSwitches} exceed ${gates.maxKillSwitches}`);
  return { failing, attestedPct: round(attestedPct), failurePct: round(failurePct), enoughAttested: attestedPct >= gates.minAttestedPct };
}

function round(n: number) {
  return Math.round(n * 10) / 10;
}
