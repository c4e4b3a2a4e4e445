/**
 * Which devices of a ring belong to the waves delivered so far: the ring's devices in a stable pseudo-random order
 * (sha256 of rollout id and device id, so each rollout samples differently but repeatably), the first
 * ceil(pct% of the ring) of them. The same inputs always give the same devices, on every node and after a restart.
 */
import { createHash } from "node:crypto";

export function orderRingDevices({ rolloutId, deviceIds }: { rolloutId: string; deviceIds: readonly string[] }): string[] {
  return deviceIds
    .map((id) => ({ id, key: createHash("sha256").update(`${rolloutId}\0${id}`).digest("hex") }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((d) => d.id);
}

export function selectWaveDevices({ rolloutId, deviceIds, pct }: { rolloutId: string; deviceIds: readonly string[]; pct: number }): string[] {
  if (!(pct >= 0 && pct <= 100)) throw new RangeError(`pct must be 0-100, got ${pct}`);
  const ordered = orderRingDevices({ rolloutId, deviceIds });
  return ordered.slice(0, Math.ceil((ordered.length * pct) / 100));
}
