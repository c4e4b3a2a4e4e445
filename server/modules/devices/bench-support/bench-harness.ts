/**
 * Shared plumbing of the device benchmarks (bench/devices-*.ts): a database (DATABASE_URL, or a fresh embedded
 * PostgreSQL), a device API server (a URL given with --server=, or the real route handlers in a child process
 * on loopback), fleets of simulated devices built on the enroller's own DeviceClient, and percentiles.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export function benchArg(name: string, fallback: number, opts: Record<string, unknown>): number {
  const fromOpts = opts[name];
  if (typeof fromOpts === "number") return fromOpts;
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? Number(flag.split("=")[1]) : fallback;
}

export function benchStringArg(name: string, opts: Record<string, unknown>): string | undefined {
  const fromOpts = opts[name];
  if (typeof fromOpts === "string") return fromOpts;
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
}

export function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(50), p95: at(95), p99: at(99), max: Math.round((sorted.at(-1) ?? 0) * 10) / 10, n: sorted.length };
}

export async function withBenchDatabase<T>(fn: () => Promise<T>): Promise<T> {
  let stop = async () => {};
  let dir: string | undefined;
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("../../../db/embedded-postgres");
    const { migrateDatabase } = await import("../../../db/migrate");
    dir = mkdtempSync(path.join(os.tmpdir(), "marshal-bench-devices-"));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), database: "marshal" });
    await migrateDatabase({ connectionString: db.connectionString });
    process.env.DATABASE_URL = db.connectionString;
    stop = async () => {
      delete process.env.DATABASE_URL;
      await db.stop();
    };
  }
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.MARSHAL_PUBLIC_URL ??= "http://127.0.0.1:3999";
  try {
    return await fn();
  } finally {
    const { rootDb } = await import("../../../db/client");
    const { closeDevicesPool } = await import("../../../db/devices");
    await closeDevicesPool().catch(() => {});
    await rootDb().$disconnect().catch(() => {});
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The device API to benchmark: --server=URL (e.g. a running `npm start`), or the route handlers in a child process. */
export async function withDeviceApiServer<T>(opts: Record<string, unknown>, fn: (url: string, mode: string) => Promise<T>): Promise<T> {
  const external = benchStringArg("server", opts);
  if (external) return fn(external.replace(/\/+$/, ""), "external server");
  const root = path.resolve(import.meta.dirname, "../../../..");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "device-api-server.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "20" },
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
      child.once("exit", (code) => reject(new Error(`device API server exited with ${code}`)));
    });
    return await fn(url, "route handlers in a child process (node:http, loopback)");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function runPool(options: { count: number; concurrency: number; task: (i: number) => Promise<void> }): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.count) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= options.count) return;
        await options.task(i);
      }
    }),
  );
}
