/**
 * Tenant isolation for EVERY tenant-scoped procedure of the console API (and so of the REST API,
 * which runs the same procedures): a member of tenant A gets NOT_FOUND for tenant B, and an
 * auditor can read but never mutate. New procedures must add a sample input below, or this fails.
 */
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";
import { crossTenantSamples } from "@/test/support/cross-tenant-samples";

type TProcedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } };

function tenantProcedures() {
  const out: { path: string; type: string }[] = [];
  const walk = (record: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(record)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const def = (value as TProcedure)?._def;
      if (def && "type" in def && typeof (value as unknown) === "function") {
        const takesTenant = def.inputs.some((i) => (i as { shape?: Record<string, unknown> })?.shape?.tenantSlug);
        if (takesTenant) out.push({ path, type: def.type });
      } else if (value && typeof value === "object") walk(value as Record<string, unknown>, path);
    }
  };
  walk(appRouter._def.record as Record<string, unknown>, "");
  return out;
}

async function call(caller: ReturnType<typeof callerAs>, path: string, input: unknown) {
  const fn = path.split(".").reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
  return fn(input);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected: ${String(error)}`;
  }
}

describe("cross-tenant isolation of every tenant procedure", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  async function setup() {
    const a = await createTestTenant("Alpha");
    const b = await createTestTenant("Bravo");
    const auditorB = await addMember({ tenantId: b.tenant.id, role: "auditor" });
    const samplesB = await crossTenantSamples({ scope: b.scope });
    return { a, b, auditorB, samplesB };
  }
  beforeAll(async () => {
    ctx = await setup();
  });

  it("has a sample input for every tenant procedure", () => {
    const missing = tenantProcedures().filter((p) => !(p.path in ctx.samplesB));
    expect(missing.map((p) => p.path)).toEqual([]);
    expect(tenantProcedures().length).toBeGreaterThan(5);
  });

  it("answers NOT_FOUND to a member of another tenant, for every procedure", async () => {
    const ownerOfA = callerAs(ctx.a.owner);
    for (const p of tenantProcedures()) {
      const input = { ...ctx.samplesB[p.path], tenantSlug: ctx.b.tenant.slug };
      expect(`${p.path}: ${await codeOf(call(ownerOfA, p.path, input))}`).toBe(`${p.path}: NOT_FOUND`);
    }
  });

  it("answers NOT_FOUND for an unknown tenant slug", async () => {
    const ownerOfA = callerAs(ctx.a.owner);
    for (const p of tenantProcedures()) {
      const input = { ...ctx.samplesB[p.path], tenantSlug: "no-such-tenant" };
      expect(`${p.path}: ${await codeOf(call(ownerOfA, p.path, input))}`).toBe(`${p.path}: NOT_FOUND`);
    }
  });

  it("lets an auditor read, and refuses every mutation with FORBIDDEN", async () => {
    const auditor = callerAs(ctx.auditorB);
    for (const p of tenantProcedures()) {
      const input = { ...ctx.samplesB[p.path], tenantSlug: ctx.b.tenant.slug };
      const code = await codeOf(call(auditor, p.path, input));
      if (p.type === "mutation") expect(`${p.path}: ${code}`).toBe(`${p.path}: FORBIDDEN`);
      else expect(`${p.path}: ${code}`).not.toMatch(/FORBIDDEN|NOT_FOUND|UNAUTHORIZED|unexpected/);
    }
  });

  it("refuses callers that are not signed in", async () => {
    const anonymous = callerAs(null);
    for (const p of tenantProcedures()) {
      const input = { ...ctx.samplesB[p.path], tenantSlug: ctx.b.tenant.slug };
      expect(await codeOf(call(anonymous, p.path, input))).toBe("UNAUTHORIZED");
    }
  });
});
