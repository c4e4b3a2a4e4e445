/**
 * Completion: the rollout's revisions become the registry's, inside the caller's transaction (with the rollout's
 * own status change, so a crash leaves either both or neither): a PolicyRevision per policy change (numbered after
 * the newest, with its diff against it) and the registry entry per entry change, each audited like a registry edit.
 */
import { ZAgentSlug, type TAgentPolicy } from "@/server/contracts/agent-policy";
import { appendAudit } from "../audit/append-audit";
import { compileAgentPolicy } from "../registry/compilers/compile-agent-policy";
import { diffPolicy } from "../registry/diff-policy";
import type { TTenantScope } from "../tenant-scope";
import type { TEntryValue } from "./create-rollout";

type TTx = Parameters<Parameters<TTenantScope["db"]["$transaction"]>[0]>[0];
type TChange = { id: string; kind: string; target: string; before: unknown; after: unknown };

/** Writes `value` of each change (after: complete; before: roll back a completed rollout) into the registry. */
export async function applyRolloutChanges({ scope, tx, rolloutId, title, changes, direction, createdById }: { scope: TTenantScope; tx: TTx; rolloutId: string; title: string; changes: TChange[]; direction: "after" | "before"; createdById: string | null }) {
  for (const change of changes) {
    const value = change[direction];
    if (change.kind === "policy") {
      const previous = await tx.policyRevision.findFirst({ where: { verdictClass: change.target }, orderBy: { version: "desc" } });
      const compiled: Record<string, string> = {};
      for (const agent of ZAgentSlug.options) compiled[agent] = compileAgentPolicy({ product: agent, policy: value }).policyHash;
      const diff = diffPolicy({ before: previous?.policy ?? null, after: value });
      const row = await tx.policyRevision.create({
        data: {
          tenantId: scope.tenantId,
          verdictClass: change.target,
          version: (previous?.version ?? 0) + 1,
          policy: value as TAgentPolicy as object,
          diff: diff as object,
          compiled,
          note: direction === "after" ? `rollout "${title}" (${rolloutId})` : `rollback of rollout "${title}" (${rolloutId})`,
          createdById,
        },
      });
      if (direction === "after") await tx.rolloutChange.updateMany({ where: { id: change.id }, data: { revisionId: row.id } });
      await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "registry.policy_revised", target: { type: "policy_revision", id: row.id }, summary: { verdictClass: change.target, version: row.version, changes: diff.map((d) => d.path), rolloutId } });
    } else {
      const entry = value as TEntryValue | null;
      const existing = await tx.registryEntry.findFirst({ where: { productSlug: change.target } });
      if (entry === null) {
        if (existing) await tx.registryEntry.delete({ where: { id: existing.id } });
        await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "registry.entry_removed", target: { type: "registry_entry", id: existing?.id ?? null }, summary: { productSlug: change.target, rolloutId } });
        continue;
      }
      const data = {
        verdict: entry.verdict,
        versionRange: entry.versionRange,
        sha256: entry.sha256,
        trustedSources: entry.trustedSources as object,
        updatePolicy: entry.updatePolicy,
        outOfPinAction: entry.outOfPinAction,
        toleratedUntil: entry.toleratedUntil ? new Date(entry.toleratedUntil) : null,
        note: entry.note,
      };
      const row = existing
        ? await tx.registryEntry.update({ where: { id: existing.id }, data })
        : await tx.registryEntry.create({ data: { tenantId: scope.tenantId, productSlug: change.target, ...data } });
      await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: existing ? "registry.entry_changed" : "registry.entry_created", target: { type: "registry_entry", id: row.id }, summary: { productSlug: change.target, verdictBefore: existing?.verdict ?? "unreviewed", verdict: row.verdict, versionRange: row.versionRange, rolloutId } });
    }
  }
}
