/**
 * Enrollment burst: N devices (default 1,000; the target is 1,000 in <= 60 s) enroll at once with one
 * enrollment token, each with its own Ed25519 key, through the enroller's own DeviceClient over HTTP on loopback.
 * Options: --devices=N --concurrency=C (default 50) --server=URL --token=T (an external console, e.g. npm start).
 */
import { performance } from "node:perf_hooks";
import { benchArg, benchStringArg, percentiles, runPool, withBenchDatabase, withDeviceApiServer } from "../server/modules/devices/bench-support/bench-harness";

export async function run(opts: Record<string, unknown> = {}) {
  const devices = benchArg("devices", 1000, opts);
  const concurrency = benchArg("concurrency", 50, opts);
  const externalToken = benchStringArg("token", opts);
  return withBenchDatabase(async () => {
    let token = externalToken;
    if (!token) {
      const { createTenantWithOwner } = await import("../server/db/accounts");
      const { forTenant } = await import("../server/db");
      const { createEnrollmentToken } = await import("../server/modules/enrollment/create-enrollment-token");
      const suffix = Math.random().toString(36).slice(2, 8);
      const { tenant, user } = await createTenantWithOwner({ tenant: { slug: `bench-enroll-${suffix}`, name: "Bench" }, user: { email: `bench-${suffix}@example.test`, passwordHash: null } });
      const scope = { db: forTenant(tenant.id), tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "member" as const, id: user.id, label: user.email } };
      token = (await createEnrollmentToken({ scope, publicUrl: "http://127.0.0.1", input: { name: "bench", maxUses: devices, expiresInHours: 1, ring: "prod" } })).token;
    }
    return withDeviceApiServer(opts, async (url, mode) => {
      const { createDeviceClient, generateDeviceKeyPair } = await import("../agent-enroller/src/index");
      const keys = Array.from({ length: devices }, () => generateDeviceKeyPair().privateKey);
      const latencies: number[] = [];
      let failures = 0;
      let firstError: string | undefined;
      const started = performance.now();
      await runPool({
        count: devices,
        concurrency,
        task: async (i) => {
          const client = createDeviceClient({ serverUrl: url });
          const t0 = performance.now();
          try {
            await client.enroll({ token: token!, privateKey: keys[i]!, machine: { machineId: `bench-machine-${i}-${started}`, hostname: `bench-${i}`, os: "linux", osVersion: "6.1", arch: "x64", username: `user${i}` } });
            latencies.push(performance.now() - t0);
          } catch (err) {
            failures++;
            firstError ??= (err as Error).message;
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      return {
        server: mode,
        devices,
        concurrency,
        enrolled: latencies.length,
        failures,
        ...(firstError ? { firstError } : {}),
        totalSec: Math.round(seconds * 100) / 100,
        perSec: Math.round(latencies.length / seconds),
        latencyMs: percentiles(latencies),
        target: "1,000 enrollments in <= 60 s",
      };
    });
  });
}
