/**
 * Rollout across simulated devices in three rings (default 1,000: 10% dev, 30% staging, 60% prod, waves in
 * staging and prod): for each stage, the time from its promotion (stage start) to every device attested, and to
 * the stage passing. Devices are the enroller's DeviceClient against the real device routes (in-process), and
 * check in as soon as a wave goes out, so the figures are the server's share: delivery, ack, attestation, engine.
 * Each round checks in only the devices of the current wave that have not attested yet (as devices holding a
 * command stream would: the others have nothing to do), so the default run stays under ~2 minutes.
 * Options: --devices=N --concurrency=C (device check-ins in flight, default 16) --everyDevice=1 (every device of
 * the ring checks in every round, the former full-size run: ~5 min on 2 cores).
 */
import { performance } from "node:perf_hooks";
import { benchArg, withBenchDatabase } from "../server/modules/devices/bench-support/bench-harness";

export async function run(opts: Record<string, unknown> = {}) {
  const total = benchArg("devices", 1000, opts);
  const concurrency = benchArg("concurrency", 16, opts);
  const everyDevice = benchArg("everyDevice", 0, opts) === 1;
  return withBenchDatabase(async () => {
    const { createTestTenant } = await import("../test/support/tenants");
    const { setRegistryEntry } = await import("../server/modules/registry/registry-entries");
    const { createPolicyRevision } = await import("../server/modules/registry/policy-revisions");
    const { SYSTEM_ACTOR } = await import("../server/modules/audit/actor");
    const { createRollout } = await import("../server/modules/rollouts/create-rollout");
    const { advanceRollout } = await import("../server/modules/rollouts/advance-rollout");
    const { checkinAll, enrollSimulatedDevices } = await import("../server/modules/rollouts/test-support/simulated-fleet");

    const t = await createTestTenant("Bench rollouts");
    await setRegistryEntry({ scope: t.scope, input: { productSlug: "claude-code", verdict: "sanctioned" } });
    await createPolicyRevision({ scope: t.scope, verdictClass: "sanctioned", policy: { permissions: { deny: ["Bash(rm -rf:*)"] } } });
    const counts = { dev: Math.round(total * 0.1), staging: Math.round(total * 0.3), prod: total - Math.round(total * 0.1) - Math.round(total * 0.3) };
    const enrollStart = performance.now();
    const rings = {
      dev: await enrollSimulatedDevices({ scope: t.scope, ring: "dev", count: counts.dev, judge: () => null, tag: "bench" }),
      staging: await enrollSimulatedDevices({ scope: t.scope, ring: "staging", count: counts.staging, judge: () => null, tag: "bench" }),
      prod: await enrollSimulatedDevices({ scope: t.scope, ring: "prod", count: counts.prod, judge: () => null, tag: "bench" }),
    };
    await checkinAll({ devices: [...rings.dev, ...rings.staging, ...rings.prod], concurrency });
    const setupSec = (performance.now() - enrollStart) / 1000;

    const system = { ...t.scope, actor: SYSTEM_ACTOR };
    const { id } = await createRollout({
      scope: t.scope,
      input: {
        title: "Bench: deny .env reads",
        changes: [{ kind: "policy", verdictClass: "sanctioned", policy: { permissions: { deny: ["Bash(rm -rf:*)", "Read(./.env)"] } } }],
        stages: [
          { ring: "dev", soakMinutes: 0 },
          { ring: "staging", soakMinutes: 0, waves: [50, 100] },
          { ring: "prod", soakMinutes: 0, waves: [10, 50, 100] },
        ],
      },
    });
    const stages: Record<string, unknown>[] = [];
    const started = performance.now();
    let checkins = 0;
    for (const ring of ["dev", "staging", "prod"] as const) {
      const stageStart = performance.now();
      let engineMs = 0;
      for (let round = 0; round < 20; round++) {
        const t0 = performance.now();
        const step = await advanceRollout({ scope: system, rolloutId: id });
        engineMs += performance.now() - t0;
        const stage = await t.scope.db.rolloutStage.findFirstOrThrow({ where: { rolloutId: id, ring } });
        if (stage.status === "passed" || step.status !== "active") break;
        const waiting = everyDevice
          ? null
          : new Set(
              (await t.scope.db.rolloutDeviceState.findMany({ where: { rolloutId: id, stageIndex: stage.index, attestedAt: null, failedAt: null }, select: { deviceId: true } })).map(
                (r) => r.deviceId,
              ),
            );
        checkins += waiting ? waiting.size : rings[ring].length;
        await checkinAll({ devices: waiting ? rings[ring].filter((d) => waiting.has(d.deviceId)) : rings[ring], concurrency });
      }
      const stage = await t.scope.db.rolloutStage.findFirstOrThrow({ where: { rolloutId: id, ring } });
      const last = await t.scope.db.rolloutDeviceState.aggregate({ where: { rolloutId: id, stageIndex: stage.index }, _max: { attestedAt: true }, _count: { _all: true } });
      stages.push({
        ring,
        devices: counts[ring],
        waves: stage.waves,
        status: stage.status,
        attested: (stage.metrics as { attested?: number } | null)?.attested ?? null,
        promotionToAllAttestedSec: last._max.attestedAt && stage.startedAt ? Math.round((last._max.attestedAt.getTime() - stage.startedAt.getTime()) / 10) / 100 : null,
        promotionToPassedSec: Math.round((performance.now() - stageStart) / 10) / 100,
        engineSec: Math.round(engineMs / 10) / 100,
      });
    }
    const rollout = await t.scope.db.rollout.findFirstOrThrow({ where: { id } });
    return { devices: total, rings: counts, setupSec: Math.round(setupSec * 10) / 10, status: rollout.status, checkinsDuringRollout: checkins, mode: everyDevice ? "every device every round" : "current wave only", totalSec: Math.round((performance.now() - started) / 10) / 100, stages };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => (console.error(e), process.exit(1)));
}
