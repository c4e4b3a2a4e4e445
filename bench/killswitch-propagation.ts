/**
 * Kill-switch propagation: N simulated devices (default 10,000) hold their command stream to ONE server process
 * (the real route handlers in a child process, node:http on loopback), each with the enroller's own DeviceClient
 * stream code. A tenant-wide revocation is committed; each device acknowledges delivery (`POST .../ack`) the
 * moment the command arrives. Figures: commit -> command received on the device, commit -> delivery ack committed
 * by the server (p50/p95/p99/max), plus setup times. Options: --devices=N (default 2,000) --ackConcurrency=C (default 400).
 * The target on 2 cores: p99 <= 1 s for 10,000 connected devices.
 */
import { performance } from "node:perf_hooks";
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { benchArg, percentiles, runPool, withBenchDatabase } from "../server/modules/devices/bench-support/bench-harness";
import { startCpuMeter } from "./_process-cpu";

/**
 * The acks' HTTP client: node:http over a keep-alive agent of its own (at most `maxSockets` connections, reused).
 * Global fetch would put them in the same undici pool as the 10,000 held streams, and that pool scans its
 * connections on every request. Enough of fetch for DeviceClient's JSON requests (buffered body, no streaming).
 */
function keepAliveFetch(opts: { maxSockets: number }): typeof fetch {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const body = init.body as Uint8Array | undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = http.request(String(input), { method: init.method ?? "GET", headers: init.headers as Record<string, string>, agent, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers }));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body ? Buffer.from(body) : undefined);
    });
  }) as typeof fetch;
}

export async function run(opts: Record<string, unknown> = {}) {
  // Default 2,000 keeps `npm run bench` near 2 minutes on 2 cores; the figure: --devices=10000 (ulimit -n >= 12000).
  const devices = benchArg("devices", 2_000, opts);
  const ackConcurrency = benchArg("ackConcurrency", 400, opts);
  return withBenchDatabase(async () => {
    const { createTenantWithOwner } = await import("../server/db/accounts");
    const { forTenant } = await import("../server/db");
    const { createDeviceClient, generateDeviceKeyPair, exportPublicKeyBase64url } = await import("../agent-enroller/src/index");
    const { createRevocation } = await import("../server/modules/revocations/create-revocation");

    const suffix = Math.random().toString(36).slice(2, 8);
    const { tenant, user } = await createTenantWithOwner({ tenant: { slug: `bench-ks-${suffix}`, name: "Bench" }, user: { email: `bench-ks-${suffix}@example.test`, passwordHash: null } });
    const scope = { db: forTenant(tenant.id), tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "member" as const, id: user.id, label: user.email } };
    const t0 = performance.now();
    const keys = Array.from({ length: devices }, () => generateDeviceKeyPair().privateKey);
    const rows = keys.map((k, i) => ({ tenantId: tenant.id, machineId: `ks-${i}`, hostname: `ks-${i}`, os: "linux", osVersion: "6.1", arch: "x64", username: "u", enrollerVersion: "bench", publicKey: exportPublicKeyBase64url({ key: k }) }));
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 2000) {
      const created = await scope.db.device.createManyAndReturn({ data: rows.slice(i, i + 2000), select: { id: true } });
      ids.push(...created.map((c) => c.id));
    }
    const fleetSec = (performance.now() - t0) / 1000;

    const root = path.resolve(import.meta.dirname, "..");
    const child = spawn(process.execPath, ["--max-old-space-size=4096", ...(process.env.MARSHAL_BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.MARSHAL_BENCH_CPU_PROF}`] : []), "--import", "tsx", "server/realtime/test-support/route-node.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_POOL_SIZE: "20", MARSHAL_STREAM_PING_MS: "60000" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = "";
        child.stdout!.on("data", (c: Buffer) => {
          buf += c.toString();
          const m = /LISTENING (\S+)/.exec(buf);
          if (m) resolve(m[1]!);
        });
        child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
      });

      const received = new Array<number>(devices).fill(0);
      const acked = new Array<number>(devices).fill(0);
      let connected = 0;
      let ackFailures = 0;
      let firstError: string | undefined;
      let inflight = 0;
      const waiting: (() => void)[] = [];
      const acquire = async () => {
        if (inflight >= ackConcurrency) await new Promise<void>((r) => waiting.push(r));
        inflight++;
      };
      const release = () => {
        inflight--;
        waiting.shift()?.();
      };
      const clients = ids.map((id, i) => createDeviceClient({ serverUrl: url, deviceId: id, privateKey: keys[i]!, requestTimeoutMs: 120_000 }));
      const ackFetch = keepAliveFetch({ maxSockets: ackConcurrency });
      const ackClients = ids.map((id, i) => createDeviceClient({ serverUrl: url, deviceId: id, privateKey: keys[i]!, requestTimeoutMs: 120_000, fetch: ackFetch }));
      const streams: { close: () => void; closed: Promise<void> }[] = [];
      const tConnect = performance.now();
      await runPool({
        count: devices,
        concurrency: 200,
        task: async (i) => {
          await new Promise<void>((resolve) => {
            let first = true;
            streams.push(
              clients[i]!.openCommandStream({
                idleTimeoutMs: 600_000,
                onConnect: () => {
                  if (first) {
                    first = false;
                    connected++;
                    resolve();
                  }
                },
                onError: (err) => {
                  firstError ??= err.message;
                },
                onCommand: async (command) => {
                  if (command.type !== "revoke" || received[i]) return;
                  received[i] = performance.now();
                  await acquire();
                  try {
                    await ackClients[i]!.ack({ commandId: command.id, status: "delivered" });
                    acked[i] = performance.now();
                  } catch (err) {
                    ackFailures++;
                    firstError ??= (err as Error).message;
                  } finally {
                    release();
                  }
                },
              }),
            );
          });
        },
      });
      const connectSec = (performance.now() - tConnect) / 1000;

      // The commit instant: the first NOTIFY of this revocation seen by this process's own LISTEN connection (sent
      // right after COMMIT). createRevocation's return is later, as this process also runs the 10,000 devices.
      const { commandBus } = await import("../server/realtime/command-bus");
      let tNotified = 0;
      const unsubscribe = commandBus().subscribe((n) => {
        if (!tNotified && n.tenantId === tenant.id) tNotified = performance.now();
      });
      await commandBus().ready();
      const cpu = await startCpuMeter({ childPid: child.pid });
      const tClick = performance.now();
      const revocation = await createRevocation({ scope, target: { type: "tenant" }, reason: "bench", trigger: "manual" });
      const tReturned = performance.now();
      unsubscribe();
      const tCommitted = tNotified || tReturned;
      const deadline = Date.now() + 180_000;
      while (acked.filter(Boolean).length + ackFailures < devices && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const stoppedAt = performance.now();
      const cpuPerDevice = cpu.stop(acked.filter(Boolean).length);
      for (const s of streams) s.close();

      const fromCommit = (xs: number[]) => percentiles(xs.filter(Boolean).map((t) => Math.max(0, t - tCommitted)));
      const dbDelivered = await scope.db.revocationTarget.count({ where: { revocationId: revocation.id, status: "delivered" } });
      return {
        devices,
        connected,
        fleetCreateSec: Math.round(fleetSec * 10) / 10,
        connectAllSec: Math.round(connectSec * 10) / 10,
        revocationCommitMs: Math.round(tCommitted - tClick),
        createRevocationReturnedMs: Math.round(tReturned - tClick),
        commitToReceivedMs: fromCommit(received),
        commitToAckCommittedMs: fromCommit(acked),
        allAckedAfterCommitMs: Math.round(stoppedAt - tCommitted),
        targetsDeliveredInDb: dbDelivered,
        ackFailures,
        ackConcurrency,
        // From the click to the last ack, per acknowledged device: the server (fan-out + ack request), PostgreSQL
        // (revocation rows, claim, nonce, ack), this process (createRevocation + simulated devices).
        cpuPerDevice,
        ...(firstError ? { firstError } : {}),
        note: "commit = first NOTIFY of the revocation observed (sent right after COMMIT of the tenant-wide revocation: one command + target per device, audit); revocationCommitMs = click -> commit",
        target: "p99 <= 1 s for 10,000 connected devices (commit -> ack)",
      };
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    process.exit(0);
  });
}
