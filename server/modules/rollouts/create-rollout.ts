/**
 * Proposes a rollout: each change becomes an immutable revision (validated and compiled like a registry revision,
 * with its diff against the value every ring has now), the plan gets one stage per ring, and the rollout takes a
 * lock on each policy class / registry entry it changes, so a second rollout on the same one is refused (a unique
 * key in Postgres: refused even when two proposals race). Nothing reaches a device here: the engine starts dev.
 */
import { ZAgentSlug, type TAgentPolicy } from "@/server/contracts/agent-policy";
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";
import { compileAgentPolicy } from "../registry/compilers/compile-agent-policy";
import { diffPolicy, type TPolicyChange } from "../registry/diff-policy";
import { readCurrentPolicies } from "../registry/policy-revisions";
import { toEntry, validateRegistryEntry } from "../registry/registry-entries";
import { validateAgentPolicy } from "../registry/validate-agent-policy";
import { kickRollout } from "./kick-rollout";
import { lockKeyOf } from "./rollout-schemas";
import { validateRolloutInput } from "./validate-rollout-input";

export type TChangeDraft = { kind: "policy" | "registry-entry"; target: string; baseVersion: number | null; version: number | null; before: unknown; after: unknown; diff: TPolicyChange[] };

/** The fields of a registry entry a rollout changes and compares (what a device's bundle depends on, and the note). */
export function entryValue(entry: { verdict: string; versionRange: string | null; sha256: string[]; trustedSources: unknown; updatePolicy: string; outOfPinAction: string; toleratedUntil: Date | string | null; note: string | null }) {
  return {
    verdict: entry.verdict,
    versionRange: entry.versionRange,
    sha256: entry.sha256,
    trustedSources: entry.trustedSources,
    updatePolicy: entry.updatePolicy,
    outOfPinAction: entry.outOfPinAction,
    toleratedUntil: entry.toleratedUntil === null ? null : new Date(entry.toleratedUntil).toISOString(),
    note: entry.note,
  };
}
export type TEntryValue = ReturnType<typeof entryValue>;

export async function createRollout({ scope, input }: { scope: TTenantScope; input: unknown }) {
  const value = validateRolloutInput({ input });
  const current = await readCurrentPolicies({ scope });
  const drafts: TChangeDraft[] = [];
  const problems: string[] = [];
  for (const [i, change] of value.changes.entries()) {
    if (change.kind === "policy") {
      const validation = validateAgentPolicy({ policy: change.policy });
      if (!validation.ok) {
        problems.push(...validation.problems.map((p) => `changes[${i}].policy${p.path ? `.${p.path}` : ""}: ${p.message}`));
        continue;
      }
      try {
        for (const agent of ZAgentSlug.options) compileAgentPolicy({ product: agent, policy: validation.value });
      } catch (error) {
        problems.push(`changes[${i}].policy: ${(error as Error).message}`);
        continue;
      }
      const base = current[change.verdictClass];
      const diff = diffPolicy({ before: base?.policy ?? null, after: validation.value });
      if (base && diff.length === 0) {
        problems.push(`changes[${i}]: the ${change.verdictClass} policy is already exactly this (revision ${base.version}); nothing to roll out`);
        continue;
      }
      drafts.push({ kind: "policy", target: change.verdictClass, baseVersion: base?.version ?? null, version: (base?.version ?? 0) + 1, before: base?.policy ?? null, after: validation.value as TAgentPolicy, diff });
    } else {
      let normalized: ReturnType<typeof validateRegistryEntry>;
      try {
        normalized = validateRegistryEntry({ input: change.entry });
      } catch (error) {
        problems.push(`changes[${i}].entry: ${(error as Error).message}`);
        continue;
      }
      const row = await scope.db.registryEntry.findFirst({ where: { productSlug: normalized.productSlug } });
      const before = row ? entryValue(toEntry(row)) : null;
      const after = entryValue(normalized);
      const diff = diffPolicy({ before, after });
      if (before && diff.length === 0) {
        problems.push(`changes[${i}]: the registry entry of ${normalized.productSlug} is already exactly this; nothing to roll out`);
        continue;
      }
      drafts.push({ kind: "registry-entry", target: normalized.productSlug, baseVersion: null, version: null, before, after, diff });
    }
  }
  if (problems.length > 0) throw new AppError("BAD_REQUEST", problems.join("; "), { problems });

  const keys = drafts.map((d) => lockKeyOf(d));
  await refuseHeldLocks({ scope, keys });
  let rolloutId: string;
  try {
    rolloutId = await scope.db.$transaction(async (tx) => {
      const rollout = await tx.rollout.create({
        data: {
          tenantId: scope.tenantId,
          title: value.title,
          plan: value.plan,
          createdByType: scope.actor.type,
          createdById: scope.actor.id,
          createdByLabel: scope.actor.label,
        },
      });
      await tx.rolloutLock.createMany({ data: keys.map((key) => ({ tenantId: scope.tenantId, key, rolloutId: rollout.id })) });
      await tx.rolloutChange.createMany({
        data: drafts.map((d) => ({ tenantId: scope.tenantId, rolloutId: rollout.id, kind: d.kind, target: d.target, baseVersion: d.baseVersion, version: d.version, before: (d.before ?? undefined) as object | undefined, after: d.after as object, diff: d.diff as object })),
      });
      await tx.rolloutStage.createMany({
        data: value.stages.map((s, index) => ({ tenantId: scope.tenantId, rolloutId: rollout.id, index, ring: s.ring, waves: s.waves, soakMinutes: s.soakMinutes, gates: s.gates, approvalRole: s.approvalRole, twoPerson: s.twoPerson })),
      });
      await appendAudit({
        db: tx,
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: "rollout.created",
        target: { type: "rollout", id: rollout.id },
        summary: { title: value.title, changes: drafts.map((d) => ({ kind: d.kind, target: d.target, version: d.version, paths: d.diff.map((x) => x.path) })), plan: value.plan },
      });
      return rollout.id;
    });
  } catch (error) {
    // Another proposal took the same lock between the check above and this insert.
    if ((error as { code?: string }).code === "P2002") await refuseHeldLocks({ scope, keys });
    throw error;
  }
  await kickRollout({ scope, rolloutId });
  return { id: rolloutId };
}

async function refuseHeldLocks({ scope, keys }: { scope: TTenantScope; keys: string[] }) {
  const held = await scope.db.rolloutLock.findMany({ where: { key: { in: keys } } });
  if (held.length === 0) return;
  const others = await scope.db.rollout.findMany({ where: { id: { in: held.map((h) => h.rolloutId) } }, select: { id: true, title: true, status: true } });
  const describe = held.map((h) => {
    const other = others.find((o) => o.id === h.rolloutId);
    return `${h.key.replace(":", " ")} is being changed by rollout "${other?.title ?? h.rolloutId}" (${h.rolloutId}, ${other?.status ?? "active"})`;
  });
  throw new AppError("CONFLICT", `${describe.join("; ")}: two rollouts never change the same policy at once. Let it complete or roll it back first.`, { rolloutIds: held.map((h) => h.rolloutId) });
}
