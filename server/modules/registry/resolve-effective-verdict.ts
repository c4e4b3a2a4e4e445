/**
 * The verdict that applies to one product on one device: an unexpired, unrevoked exception for the device,
 * then for its owner, then for one of the owner's groups (most restrictive wins among groups), then the registry
 * entry (a tolerated entry past its deadline lapses), then the tenant's default for unreviewed products.
 */
import type { TEffectiveVerdict, TRegistryEntryVerdict } from "./registry-schemas";

export type TVerdictSource = "device-exception" | "person-exception" | "group-exception" | "registry" | "tolerance-lapsed" | "default";

export type TVerdictEntry = { verdict: string; toleratedUntil: Date | null };
export type TVerdictException = { subjectType: string; subjectId: string; verdict: string; expiresAt: Date; revokedAt: Date | null };

const RESTRICTIVENESS: Record<TRegistryEntryVerdict, number> = { blocked: 3, tolerated: 2, sanctioned: 1 };

export function resolveEffectiveVerdict(options: {
  entry: TVerdictEntry | null;
  exceptions: readonly TVerdictException[];
  deviceId: string;
  personId: string | null;
  groupIds: readonly string[];
  defaultVerdict: TEffectiveVerdict;
  now: Date;
}): { verdict: TEffectiveVerdict; source: TVerdictSource } {
  const live = options.exceptions.filter((e) => e.revokedAt === null && e.expiresAt > options.now);
  const device = live.find((e) => e.subjectType === "device" && e.subjectId === options.deviceId);
  if (device) return { verdict: device.verdict as TRegistryEntryVerdict, source: "device-exception" };
  const person = options.personId ? live.find((e) => e.subjectType === "person" && e.subjectId === options.personId) : undefined;
  if (person) return { verdict: person.verdict as TRegistryEntryVerdict, source: "person-exception" };
  const groups = live
    .filter((e) => e.subjectType === "group" && options.groupIds.includes(e.subjectId))
    .sort((a, b) => RESTRICTIVENESS[b.verdict as TRegistryEntryVerdict] - RESTRICTIVENESS[a.verdict as TRegistryEntryVerdict]);
  if (groups[0]) return { verdict: groups[0].verdict as TRegistryEntryVerdict, source: "group-exception" };
  if (options.entry) {
    if (options.entry.verdict === "tolerated" && options.entry.toleratedUntil !== null && options.entry.toleratedUntil <= options.now) {
      return { verdict: options.defaultVerdict, source: "tolerance-lapsed" };
    }
    return { verdict: options.entry.verdict as TRegistryEntryVerdict, source: "registry" };
  }
  return { verdict: options.defaultVerdict, source: "default" };
}
