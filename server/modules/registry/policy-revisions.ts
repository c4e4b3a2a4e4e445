/**
 * Agent policy per verdict class as immutable, numbered revisions: a new revision is validated, compiled for every
 * agent (nothing is saved if any compiler refuses it), stored with its diff against the previous revision of the
 * class and audited; then every affected device is sent its new bundle.
 */
import { ZAgentSlug, type TAgentPolicy } from "@/server/contracts/agent-policy";
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";
import { compileAgentPolicy } from "./compilers/compile-agent-policy";
import { diffPolicy, type TPolicyChange } from "./diff-policy";
import { propagatePolicy } from "./propagate-policy";
import type { TPolicyVerdictClass } from "./registry-schemas";
import { validateAgentPolicy } from "./validate-agent-policy";
import { refuseLockedChange } from "../rollouts/refuse-locked-change";

export type TPolicyRevision = {
  id: string;
  verdictClass: TPolicyVerdictClass;
  version: number;
  policy: TAgentPolicy;
  diff: TPolicyChange[];
  compiled: Record<string, string>;
  note: string | null;
  createdById: string | null;
  createdAt: Date;
};

function toRevision(row: { id: string; verdictClass: string; version: number; policy: unknown; diff: unknown; compiled: unknown; note: string | null; createdById: string | null; createdAt: Date }): TPolicyRevision {
  return { ...row, verdictClass: row.verdictClass as TPolicyVerdictClass, policy: row.policy as TAgentPolicy, diff: row.diff as TPolicyChange[], compiled: row.compiled as Record<string, string> };
}

export async function createPolicyRevision({ scope, verdictClass, policy, note }: { scope: TTenantScope; verdictClass: TPolicyVerdictClass; policy: unknown; note?: string | null }): Promise<TPolicyRevision & { devicesNotified: number }> {
  const validation = validateAgentPolicy({ policy });
  if (!validation.ok) {
    throw new AppError("BAD_REQUEST", `Invalid agent policy: ${validation.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ")}`, { problems: validation.problems });
  }
  const compiled: Record<string, string> = {};
  for (const agent of ZAgentSlug.options) compiled[agent] = compileAgentPolicy({ product: agent, policy: validation.value }).policyHash;
  await refuseLockedChange({ scope, kind: "policy", target: verdictClass });

  const revision = await scope.db.$transaction(async (tx) => {
    const previous = await tx.policyRevision.findFirst({ where: { verdictClass }, orderBy: { version: "desc" } });
    const diff = diffPolicy({ before: previous?.policy ?? null, after: validation.value });
    if (previous && diff.length === 0) throw new AppError("CONFLICT", `The ${verdictClass} policy is already exactly this (revision ${previous.version})`);
    const row = await tx.policyRevision.create({
      data: {
        tenantId: scope.tenantId,
        verdictClass,
        version: (previous?.version ?? 0) + 1,
        policy: validation.value as object,
        diff: diff as object,
        compiled,
        note: note ?? null,
        createdById: scope.actor.id,
      },
    });
    await appendAudit({
      db: tx,
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: "registry.policy_revised",
      target: { type: "policy_revision", id: row.id },
      summary: { verdictClass, version: row.version, changes: diff.map((d) => d.path) },
    });
    return toRevision(row);
  });
  const { devicesNotified } = await propagatePolicy({ scope });
  return { ...revision, devicesNotified };
}

export async function listPolicyRevisions({ scope, verdictClass }: { scope: TTenantScope; verdictClass?: TPolicyVerdictClass }): Promise<TPolicyRevision[]> {
  const rows = await scope.db.policyRevision.findMany({ where: verdictClass ? { verdictClass } : {}, orderBy: [{ verdictClass: "asc" }, { version: "desc" }], take: 200 });
  return rows.map(toRevision);
}

/** The newest revision of each verdict class (null: no policy yet; the class's products get no managed files). */
export async function readCurrentPolicies({ scope }: { scope: TTenantScope }): Promise<Record<TPolicyVerdictClass, TPolicyRevision | null>> {
  const rows = await scope.db.policyRevision.findMany({ orderBy: { version: "desc" }, distinct: ["verdictClass"] });
  const byClass = new Map(rows.map((r) => [r.verdictClass, toRevision(r)]));
  return { sanctioned: byClass.get("sanctioned") ?? null, tolerated: byClass.get("tolerated") ?? null };
}
