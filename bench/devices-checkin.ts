/**
 * Steady check-ins: a fleet of enrolled devices (default 10,000, bulk-seeded in their post-first-check-in state)
 * checks in through the enroller's own DeviceClient over HTTP on loopback.
 *  1. steady: every device once per 60 s (10,000 devices = ~167 check-ins/s) for --steady-sec (default 20);
 *  2. ramp: open-loop rates (default 250..2000/s, --step-sec each) to find the highest rate the server holds with
 *     p99 < 100 ms and >= 95 % of the offered rate completed. Target (issue 3): >= 1,000/s with p99 < 100 ms.
 * Options: --devices=N --steady-sec=S --step-sec=S --rates=250,500,... --server=URL (with a DATABASE_URL shared
 * with that server, since the fleet is seeded in the database).
 */
import { performance } from "node:perf_hooks";
import { benchArg, benchStringArg, percentiles, runPool, withBenchDatabase, withDeviceApiServer } from "../server/modules/devices/bench-support/bench-harness";

import type { DeviceClient } from "../agent-enroller/src/index";
import type { TCheckinRequest } from "../server/contracts/device";

type TClient = Pick<DeviceClient, "checkin">;

async function openLoop(options: { clients: TClient[]; rate: number; seconds: number; request: () => TCheckinRequest; maxInFlight: number }) {
  const latencies: number[] = [];
  let errors = 0;
  let dropped = 0;
  let firstError: string | undefined;
  let inFlight = 0;
  const total = Math.round(options.rate * options.seconds);
  const intervalMs = 1000 / options.rate;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= options.maxInFlight) {
      dropped++;
      continue;
    }
    const client = options.clients[i % options.clients.length]!;
    inFlight++;
    const t0 = performance.now();
    pending.push(
      client
        .checkin({ request: options.request() })
        .then(() => void latencies.push(performance.now() - t0))
        .catch((err: Error) => {
          errors++;
          firstError ??= err.message;
        })
        .finally(() => void inFlight--),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return { offeredPerSec: options.rate, completedPerSec: Math.round(latencies.length / seconds), ok: latencies.length, errors, droppedAtClient: dropped, ...(firstError ? { firstError } : {}), latencyMs: percentiles(latencies) };
}

export async function run(opts: Record<string, unknown> = {}) {
  const devices = benchArg("devices", 10_000, opts);
  const steadySec = benchArg("steady-sec", 20, opts);
  const stepSec = benchArg("step-sec", 8, opts);
  const rates = (benchStringArg("rates", opts) ?? "250,500,750,1000,1250,1500,2000").split(",").map(Number).filter((n) => n > 0);
  return withBenchDatabase(async () => {
    const { seedBenchFleet } = await import("../server/modules/devices/bench-support/seed-bench-fleet");
    const t0 = performance.now();
    const { fleet, inventory } = await seedBenchFleet({ devices, withKeys: true });
    const seedSec = Math.round((performance.now() - t0) / 100) / 10;
    return withDeviceApiServer(opts, async (url, mode) => {
      const { createDeviceClient } = await import("../agent-enroller/src/index");
      const clients = fleet.map((d) => createDeviceClient({ serverUrl: url, deviceId: d.id, privateKey: d.privateKey }));
      const request = () => ({ enrollerVersion: "0.1.0", inventory: { ...inventory, scannedAt: new Date().toISOString() } });
      // Warm-up: one check-in per device (as a server that has been up for a minute has seen), which also warms
      // JIT, pool connections, prepared statements and the per-node key cache.
      const warmStarted = performance.now();
      await runPool({ count: clients.length, concurrency: 32, task: async (i) => void (await clients[i]!.checkin({ request: request() })) });
      const warmupPerSec = Math.round(clients.length / ((performance.now() - warmStarted) / 1000));
      const steady = await openLoop({ clients, rate: devices / 60, seconds: steadySec, request, maxInFlight: 1000 });
      const ramp = [];
      for (const rate of rates) {
        const step = await openLoop({ clients, rate, seconds: stepSec, request, maxInFlight: 1000 });
        ramp.push(step);
        if (step.latencyMs.p99 > 1000 || step.completedPerSec < rate * 0.5) break;
      }
      const held = ramp.filter((s) => s.latencyMs.p99 < 100 && s.completedPerSec >= s.offeredPerSec * 0.95 && s.errors === 0);
      return {
        server: mode,
        devices,
        seedSec,
        warmup: { description: "every device once, closed loop, 32 in flight", perSec: warmupPerSec },
        steady: { description: `${devices} devices, one check-in each per 60 s`, ...steady },
        ramp,
        highestRateWithP99Under100ms: held.at(-1)?.offeredPerSec ?? 0,
        target: ">= 1,000 check-ins/s sustained with p99 < 100 ms",
      };
    });
  });
}
