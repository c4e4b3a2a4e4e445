/**
 * Event pipeline benchmark: sustained device ingest (parse + redact + batched insert), ingest-to-
 * queryable latency, explorer query latency over a bulk-loaded table, export throughput per format.
 * Options: events (bulk-loaded rows for the query phase; default 300,000 to keep the default run near two minutes; the target is
 * 10,000,000: `npm run bench -- events-pipeline --events=10000000`), ingest (events for the ingest
 * phase; default 100,000), devices (concurrent simulated devices; default 8).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { benchArg as arg } from "../server/modules/devices/bench-support/bench-harness";

/** CPU seconds used so far by the PostgreSQL started for this bench (postmaster and its children; Linux /proc). */
function postgresCpuSeconds(pgDataDir: string | undefined): number | null {
  if (!pgDataDir || process.platform !== "linux") return null;
  try {
    const master = readFileSync(path.join(pgDataDir, "postmaster.pid"), "utf8").split("\n")[0]!.trim();
    let ticks = 0;
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (pid === master || fields[1] === master) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        /* the process ended meanwhile */
      }
    }
    return ticks / 100; // USER_HZ
  } catch {
    return null;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

export async function run(opts: Record<string, unknown> = {}) {
  const bulk = arg("events", 300_000, opts);
  const ingestTotal = arg("ingest", 100_000, opts);
  const devices = arg("devices", 8, opts);
  let stopDb = async () => {};
  let dir: string | undefined;
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("../server/db/embedded-postgres");
    const { migrateDatabase } = await import("../server/db/migrate");
    dir = mkdtempSync(path.join(os.tmpdir(), "marshal-bench-events-"));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), database: "marshal" });
    await migrateDatabase({ connectionString: db.connectionString });
    process.env.DATABASE_URL = db.connectionString;
    stopDb = db.stop;
  }
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  const { createTenantWithOwner } = await import("../server/db/accounts");
  const { ingestDeviceEvents } = await import("../server/modules/events/ingest-device-events");
  const { queryEvents, getEventHistogram, countMatchingEvents } = await import("../server/modules/events/query-events");
  const { exportEvents } = await import("../server/modules/events/export-events");
  const { formatEvent } = await import("../server/modules/events/sinks/send-to-sink");
  const { bulkLoadSyntheticEvents, closeEventsPool } = await import("../server/db/events");
  const { parseEventQuery } = await import("../server/modules/events/parse-event-query");
  try {
    const suffix = randomUUID().slice(0, 8);
    const ingestTenant = (await createTenantWithOwner({ tenant: { slug: `bench-ingest-${suffix}`, name: "Bench ingest" }, user: { email: `bench-i-${suffix}@example.test`, name: null, passwordHash: null } })).tenant;
    const queryTenant = (await createTenantWithOwner({ tenant: { slug: `bench-query-${suffix}`, name: "Bench query" }, user: { email: `bench-q-${suffix}@example.test`, name: null, passwordHash: null } })).tenant;

    // ---- sustained ingest -----------------------------------------------------------------
    const batchSize = 1000;
    const batches = Math.ceil(ingestTotal / batchSize);
    const latencies: number[] = [];
    let next = 0;
    const now = Date.now();
    const makeBatch = (b: number, device: number) =>
      Array.from({ length: batchSize }, (_, i) => ({
        key: `b${b}-${i}`,
        time: new Date(now - ((b * batchSize + i) % 3_600_000)).toISOString(),
        type: i % 3 === 0 ? "agent.model_request" : "agent.tool_call",
        actor: { identityId: `ident-${device}`, productSlug: "claude-code", productVersion: "2.1.197" },
        onBehalfOf: { userName: `user${device}@example.com` },
        intent: "Bash",
        target: `/repo/${b % 50}/src`,
        outcome: "allowed",
        params: { command: `git status --short ${i}`, cwd: "/repo" },
        correlation: { sessionId: `s-${device}-${Math.floor(b / 10)}` },
      }));
    const pgDataDir = dir ? path.join(dir, "pg") : undefined;
    const pgCpuBefore = postgresCpuSeconds(pgDataDir);
    const nodeCpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: devices }, async (_, device) => {
        for (;;) {
          const b = next++;
          if (b >= batches) return;
          const events = makeBatch(b, device);
          const t0 = performance.now();
          await ingestDeviceEvents({ tenantId: ingestTenant.id, device: { id: `dev-${device}`, hostname: `host-${device}` }, events });
          // Queryable: the insert committed before ingest answered; confirm with a read of one key.
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    // CPU per event (this process: simulated devices + ingest; PostgreSQL when the bench started it): a figure that
    // holds on a busy machine, where wall-clock events/s also measures the neighbours.
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const pgCpuAfter = postgresCpuSeconds(pgDataDir);
    const ingested = batches * batchSize;
    const nodeUs = ((nodeCpu.user + nodeCpu.system) / ingested);
    const pgUs = pgCpuBefore !== null && pgCpuAfter !== null ? ((pgCpuAfter - pgCpuBefore) * 1e6) / ingested : null;
    const cpu = {
      nodeCpuUsPerEvent: Math.round(nodeUs),
      postgresCpuUsPerEvent: pgUs === null ? null : Math.round(pgUs),
      /** Events/s the two measured processes could sustain on the machine's cores if they had them to themselves. */
      cpuBoundEventsPerSecond: pgUs === null ? null : Math.round((os.cpus().length * 1e6) / (nodeUs + pgUs)),
    };
    const probe = await queryEvents({ scope: { tenantId: ingestTenant.id }, filter: { key: `b${batches - 1}-0` } });

    // ---- explorer queries over a bulk-loaded table -----------------------------------------
    const loadStart = performance.now();
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86400_000);
    await bulkLoadSyntheticEvents({ tenantId: queryTenant.id, count: bulk, from, to });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const scope = { tenantId: queryTenant.id };
    const range = { from: new Date(to.getTime() - 24 * 3600_000).toISOString() };
    const queries: Record<string, () => Promise<unknown>> = {
      "latest page (24h)": () => queryEvents({ scope, filter: range, limit: 100 }),
      "type + outcome (24h)": () => queryEvents({ scope, filter: { ...range, ...parseEventQuery("type:process.blocked outcome:denied,error").filter }, limit: 100 }),
      "host (7d)": () => queryEvents({ scope, filter: { from: from.toISOString(), hostname: "host-42" }, limit: 100 }),
      "free text (24h)": () => queryEvents({ scope, filter: { ...range, text: "file13.ts" }, limit: 100 }),
      "histogram (24h)": () => getEventHistogram({ scope, filter: range }),
      "count capped (7d)": () => countMatchingEvents({ scope, filter: { from: from.toISOString() } }),
    };
    const queryFigures: Record<string, { p50Ms: number; p95Ms: number }> = {};
    for (const [name, fn] of Object.entries(queries)) {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await fn();
        times.push(performance.now() - t0);
      }
      queryFigures[name] = { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
    }

    // ---- export throughput -------------------------------------------------------------------
    const sample = (await queryEvents({ scope: { tenantId: ingestTenant.id }, filter: {}, limit: 500 })).events;
    const formatFigures: Record<string, number> = {};
    for (const format of ["ocsf", "ecs", "cef", "otlp_logs"] as const) {
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < 1000) for (const event of sample) (formatEvent({ format, event }), n++);
      formatFigures[`${format} events/s`] = Math.round(n / ((performance.now() - t0) / 1000));
    }
    for (const format of ["csv", "ndjson"] as const) {
      const t0 = performance.now();
      let n = 0;
      for await (const chunk of exportEvents({ scope, filter: range, format, limit: 200_000 })) n += chunk.events;
      formatFigures[`${format} export events/s (from DB)`] = Math.round(n / ((performance.now() - t0) / 1000));
    }
    return {
      ingest: {
        events: batches * batchSize,
        devices,
        batchSize,
        eventsPerSecond: Math.round((batches * batchSize) / ingestSeconds),
        ingestToQueryableP50Ms: percentile(latencies, 50),
        ingestToQueryableP99Ms: percentile(latencies, 99),
        lastBatchQueryable: probe.events.length === 1,
        ...cpu,
      },
      explorer: { bulkLoadedEvents: bulk, bulkLoadSeconds: Math.round(loadSeconds), queries: queryFigures },
      export: formatFigures,
    };
  } finally {
    await closeEventsPool();
    await stopDb();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
