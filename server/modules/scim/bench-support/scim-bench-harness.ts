/**
 * Plumbing for bench/scim-*.ts: a database (DATABASE_URL, or a fresh embedded PostgreSQL), a tenant
 * with a SCIM token, the SCIM + device command routes in a child process on loopback (so the
 * benchmark's own client work does not share the server's event loop), and percentiles.
 */
import { withBenchDatabase } from "../../devices/bench-support/bench-harness";
import { spawn } from "node:child_process";
import path from "node:path";

// The device benchmarks' plumbing serves the SCIM ones too: one copy of the stats, flags and database boot.
export { percentiles, benchArg as benchNumber } from "../../devices/bench-support/bench-harness";

export async function withScimBench<T>(fn: (ctx: { url: string; token: string; scope: import("@/server/modules/tenant-scope").TTenantScope }) => Promise<T>): Promise<T> {
  return withBenchDatabase(async () => {
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
  }
  });
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
