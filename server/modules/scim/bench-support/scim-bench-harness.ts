/**
 * Plumbing for bench/scim-*.ts: a database (DATABASE_URL, or a fresh embedded PostgreSQL), a tenant
 * with a SCIM token, the SCIM + device command routes in a child process on loopback (so the
 * benchmark's own client work does not share the server's event loop), and percentiles.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(50), p95: at(95), p99: at(99), max: Math.round((sorted.at(-1) ?? 0) * 10) / 10, n: sorted.length };
}

export function benchNumber(name: string, fallback: number, opts: Record<string, unknown>): number {
  if (typeof opts[name] === "number") return opts[name] as number;
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag ? Number(flag.split("=")[1]) : fallback;
}

export async function withScimBench<T>(fn: (ctx: { url: string; token: string; scope: import("@/server/modules/tenant-scope").TTenantScope }) => Promise<T>): Promise<T> {
  let stopDb = async () => {};
  let dir: string | undefined;
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const { migrateDatabase } = await import("@/server/db/migrate");
    dir = mkdtempSync(path.join(os.tmpdir(), "marshal-bench-scim-"));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), database: "marshal" });
    await migrateDatabase({ connectionString: db.connectionString });
    process.env.DATABASE_URL = db.connectionString;
    stopDb = async () => {
      delete process.env.DATABASE_URL;
      await db.stop();
    };
  }
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.MARSHAL_PUBLIC_URL ??= "http://127.0.0.1:3999";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "scim-node.ts")], {
    cwd: path.resolve(import.meta.dirname, "../../../.."),
    // The limiter is not what is measured here: raise it so the figures are the server's.
    env: { ...process.env, MARSHAL_SCIM_RATE_LIMIT: "100000000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /LISTENING (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`SCIM server exited with ${code}`)));
    });
    const { createTenantWithOwner } = await import("@/server/db/accounts");
    const { forTenant } = await import("@/server/db");
    const { createScimToken } = await import("../tokens/create-scim-token");
    const suffix = Math.random().toString(36).slice(2, 8);
    const { tenant, user } = await createTenantWithOwner({ tenant: { slug: `bench-scim-${suffix}`, name: "Bench SCIM" }, user: { email: `bench-scim-${suffix}@example.test` } });
    const scope = { db: forTenant(tenant.id), tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "member" as const, id: user.id, label: user.email } };
    const token = await createScimToken({ scope, name: "bench" });
    return await fn({ url, token: token.token, scope });
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    const { rootDb } = await import("@/server/db/client");
    await rootDb().$disconnect().catch(() => {});
    await stopDb();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export async function runPool(opts: { count: number; concurrency: number; task: (i: number) => Promise<void> }) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, opts.count) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= opts.count) return;
        await opts.task(i);
      }
    }),
  );
}
