/**
 * Verdict change → attested in force, on N simulated devices (default 1,000). Each device is the enroller's own
 * DeviceClient over HTTP (loopback, real route handlers in a child process): it enrolls, reports Codex installed,
 * then — once the CISO marks Codex blocked — checks in, receives its apply-policy command, and checks in
 * again attesting the block in force. Measures from the verdict change (setRegistryEntry, which builds and queues
 * every device's bundle) until every device's attestation is stored. Devices skip the real process stop (the
 * registry-enforcement integration test covers that with a real Codex); this measures the control plane.
 * A 503 (server busy: its database pool is saturated) is retried after a pause, as the enroller does with 5xx;
 * the figures count those retries. Options: --devices=N --concurrency=C (default 50).
 */
import { performance } from "node:perf_hooks";
import { benchArg, percentiles, runPool, withBenchDatabase, withDeviceApiServer } from "../server/modules/devices/bench-support/bench-harness";

/** Runs a device request, retrying while the server answers 503 (busy); other errors are thrown. */
async function retryWhileBusy<T>(opts: { attempt: () => Promise<T>; onRetry: () => void }): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await opts.attempt();
    } catch (err) {
      if ((err as { status?: number }).status !== 503 || tries >= 20) throw err;
      opts.onRetry();
      await new Promise((r) => setTimeout(r, 250 + Math.random() * 750));
    }
  }
}

export async function run(opts: Record<string, unknown> = {}) {
  const devices = benchArg("devices", 1000, opts);
  const concurrency = benchArg("concurrency", 50, opts);
  return withBenchDatabase(async () => {
    const { createTenantWithOwner } = await import("../server/db/accounts");
    const { forTenant } = await import("../server/db");
    const { createEnrollmentToken } = await import("../server/modules/enrollment/create-enrollment-token");
    const { setRegistryEntry } = await import("../server/modules/registry/registry-entries");
    const suffix = Math.random().toString(36).slice(2, 8);
    const { tenant, user } = await createTenantWithOwner({ tenant: { slug: `bench-registry-${suffix}`, name: "Bench" }, user: { email: `bench-reg-${suffix}@example.test`, passwordHash: null } });
    const scope = { db: forTenant(tenant.id), tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "member" as const, id: user.id, label: user.email } };
    const { token } = await createEnrollmentToken({ scope, publicUrl: "http://127.0.0.1", input: { name: "bench", maxUses: devices, expiresInHours: 1, ring: "prod" } });
    return withDeviceApiServer(opts, async (url, mode) => {
      const { createDeviceClient } = await import("../agent-enroller/src/index");
      const clients = Array.from({ length: devices }, () => createDeviceClient({ serverUrl: url }));
      const inventory = (i: number) => ({
        scannedAt: new Date().toISOString(),
        processesScanned: 100,
        installations: [
          {
            productSlug: "codex-cli",
            displayName: "Codex CLI",
            version: "0.169.0",
            installPath: `/home/user${i}/.npm-global/lib/node_modules/@openai/codex`,
            entryFile: `/home/user${i}/.npm-global/lib/node_modules/@openai/codex/bin/codex.js`,
            sha256: "b".repeat(64),
            installMethod: "npm-global" as const,
            running: true,
            pids: [1000 + i],
            mcpServers: [],
            configPaths: [],
          },
        ],
      });
      let busyRetries = 0;
      const busy = () => void busyRetries++;
      await runPool({
        count: devices,
        concurrency,
        task: async (i) => {
          await retryWhileBusy({ onRetry: busy, attempt: () => clients[i]!.enroll({ token, machine: { machineId: `bench-reg-${i}-${suffix}`, hostname: `bench-${i}`, os: "linux", osVersion: "6.1", arch: "x64", username: `user${i}` } }) });
          await retryWhileBusy({ onRetry: busy, attempt: () => clients[i]!.checkin({ request: { enrollerVersion: "bench", inventory: inventory(i) } }) });
        },
      });

      const t0 = performance.now();
      const change = await setRegistryEntry({ scope, input: { productSlug: "codex-cli", verdict: "blocked" } });
      const queuedMs = performance.now() - t0;
      const perDevice: number[] = [];
      let failures = 0;
      let firstError: string | undefined;
      await runPool({
        count: devices,
        concurrency,
        task: async (i) => {
          try {
            const client = clients[i]!;
            const res = await retryWhileBusy({ onRetry: busy, attempt: () => client.checkin({ request: { enrollerVersion: "bench", inventory: inventory(i) } }) });
            const command = res.commands.find((c) => c.type === "apply-policy");
            if (!command) throw new Error("no apply-policy command");
            const version = (command.payload as { policyVersion: string }).policyVersion;
            // (No ack: the bench's device API server serves enroll/check-in/events only; the attestation is the proof here.)
            const now = new Date().toISOString();
            await retryWhileBusy({ onRetry: busy, attempt: () => client.checkin({
              request: {
                enrollerVersion: "bench",
                inventory: { ...inventory(i), installations: [] },
                attestations: [{ productSlug: "codex-cli", agent: null, policyVersion: version, expectedHash: null, foundHash: null, status: "in_force", drift: [], probe: null, repaired: false, detail: { handling: "quarantine" }, checkedAt: now }],
              },
            }) });
            perDevice.push(performance.now() - t0);
          } catch (err) {
            failures++;
            firstError ??= (err as Error).message;
          }
        },
      });
      const totalMs = performance.now() - t0;
      const attested = await scope.db.policyAttestation.count({ where: { productSlug: "codex-cli", status: "in_force" } });
      return {
        server: mode,
        devices,
        concurrency,
        devicesNotified: change.devicesNotified,
        verdictChangeQueuedMs: Math.round(queuedMs),
        attestedInForce: attested,
        failures,
        busyRetries,
        ...(firstError ? { firstError } : {}),
        allAttestedSec: Math.round(totalMs / 10) / 100,
        perDeviceAttestedMs: percentiles(perDevice),
        note: "devices check in immediately (as a connected device does on its command stream); no real process stop",
      };
    });
  });
}
