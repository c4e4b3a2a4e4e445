import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export type TAuditHashInput = {
  tenantId: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  prevHash: string;
};

export const GENESIS_HASH = "0".repeat(64);

/** sha256 over the RFC 8785 canonical JSON of the entry and the previous entry's hash. */
export function hashAuditEntry(entry: TAuditHashInput): string {
  const { tenantId, seq, at, actorType, actorId, actorLabel, action, targetType, targetId, summary, prevHash } = entry;
  const canonical = canonicalize({ tenantId, seq, at: at.toISOString(), actorType, actorId, actorLabel, action, targetType, targetId, summary, prevHash });
  return createHash("sha256").update(canonical ?? "").digest("hex");
}
