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
import { callRestProcedure, type TOpenApiRoute } from "@/test/support/call-rest-procedure";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";

type TProcedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[]; meta?: { openapi?: TOpenApiRoute } } };
type TParser = { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } };

function procedureAt(path: string): TProcedure {
  return path.split(".").reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], appRouter._def.record) as TProcedure;
}

/** The ids of tenant B's rows named in a sample (`id`, `memberId`, `scopeId`, ...). */
function rowIdsIn(sample: Record<string, unknown>): string[] {
  return Object.entries(sample)
    .filter(([key, value]) => /(^id|Id)$/.test(key) && typeof value === "string")
    .map(([, value]) => value as string);
}

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
  return (await outcomeOf(promise)).code;
}

async function outcomeOf(promise: Promise<unknown>): Promise<{ code: string; message?: string; output?: unknown }> {
  try {
    return { code: "OK", output: await promise };
  } catch (error) {
    return error instanceof TRPCError ? { code: error.code, message: error.message } : { code: `unexpected: ${String(error)}` };
  }
}

describe("cross-tenant isolation of every tenant procedure", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  async function setup() {
    const a = await createTestTenant("Alpha");
    const b = await createTestTenant("Bravo");
    const auditorB = await addMember({ tenantId: b.tenant.id, role: "auditor" });
    const samplesB = await crossTenantSamples({ scope: b.scope });
    const adminKeyA = (await createApiKey({ scope: a.scope, name: "alpha automation", keyScope: "admin" })).key;
    const readKeyB = (await createApiKey({ scope: b.scope, name: "bravo dashboards", keyScope: "read" })).key;
    return { a, b, auditorB, samplesB, adminKeyA, readKeyB };
  }
  beforeAll(async () => {
    ctx = await setup();
  });

  it("has a sample input for every tenant procedure", () => {
    const missing = tenantProcedures().filter((p) => !(p.path in ctx.samplesB));
    expect(missing.map((p) => p.path)).toEqual([]);
    expect(tenantProcedures().length).toBeGreaterThan(5);
  });

  it("uses a valid input for every procedure (so a refusal is about who asks, not what)", () => {
    for (const p of tenantProcedures()) {
      const input = { ...ctx.samplesB[p.path], tenantSlug: ctx.b.tenant.slug };
      const problems = procedureAt(p.path)._def.inputs.flatMap((parser) => {
        const result = (parser as TParser).safeParse(input);
        return result.success ? [] : (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
      });
      expect(`${p.path}: ${problems.join("; ")}`).toBe(`${p.path}: `);
    }
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
      else expect(`${p.path}: ${code}`).toBe(`${p.path}: OK`);
    }
  });

  it("never lets a member of A reach B's rows through A's own slug: a target id of B is NOT_FOUND, a referenced one answers as a made-up id would, nothing of B is returned or changed", async () => {
    const ownerOfA = callerAs(ctx.a.owner);
    const bAuditBefore = await ctx.b.scope.db.auditEntry.count();
    const bIds = [...new Set(Object.values(ctx.samplesB).flatMap(rowIdsIn))];
    const problems: string[] = [];
    for (const p of tenantProcedures()) {
      const sample = ctx.samplesB[p.path] ?? {};
      const named = rowIdsIn(sample);
      const withB = await outcomeOf(call(ownerOfA, p.path, { ...sample, tenantSlug: ctx.a.tenant.slug }));
      if (/INTERNAL_SERVER_ERROR|unexpected/.test(withB.code)) problems.push(`${p.path}: ${withB.code}`);
      if (typeof sample.id === "string" && withB.code !== "NOT_FOUND") problems.push(`${p.path}: ${withB.code} for B's ${String(sample.id)}`);
      if (p.type === "mutation" && named.length > 0 && withB.code === "OK") problems.push(`${p.path}: changed something with B's ${named.join(", ")}`);
      const leaked = bIds.filter((id) => JSON.stringify(withB.output ?? null).includes(id));
      if (leaked.length) problems.push(`${p.path}: returned B's ${leaked.join(", ")}`);
      if (named.length > 0) {
        // No existence oracle: B's ids get the same answer as ids that exist nowhere.
        const madeUp = Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, typeof v === "string" && named.includes(v) ? `nx${v.slice(2)}` : v]));
        const withNone = await outcomeOf(call(ownerOfA, p.path, { ...madeUp, tenantSlug: ctx.a.tenant.slug }));
        const said = (o: { code: string; message?: string }) => `${o.code} ${(o.message ?? "").replace(/\b(nx)?\w{20,}\b/g, "<id>")}`;
        if (said(withB) !== said(withNone)) problems.push(`${p.path}: B's id answers "${said(withB)}", a made-up id "${said(withNone)}"`);
      }
    }
    expect(problems).toEqual([]);
    expect(await ctx.b.scope.db.auditEntry.count()).toBe(bAuditBefore);
  });

  it("REST: every tenant route is reachable (routes match in declaration order; no earlier route shadows a later one)", () => {
    const toRegExp = (path: string) => new RegExp(`^${path.replace(/\{(.+?)\}/g, "[^/]+")}$`, "i");
    const seen: { path: string; route: TOpenApiRoute }[] = [];
    const shadowed: string[] = [];
    for (const [path, procedure] of Object.entries(appRouter._def.procedures as unknown as Record<string, TProcedure>)) {
      const route = procedure._def.meta?.openapi;
      if (!route) continue;
      const concrete = route.path.replace(/\{(.+?)\}/g, "x-param");
      const first = seen.find((s) => s.route.method === route.method && toRegExp(s.route.path).test(concrete));
      if (first) shadowed.push(`${route.method} ${route.path} (${path}) is answered by ${first.route.path} (${first.path})`);
      seen.push({ path, route });
    }
    expect(shadowed).toEqual([]);
  });

  it("REST: an admin API key of A gets 404 for B (by slug, or by B's ids under its own tenant) and sees or changes nothing of B", async () => {
    const bAuditBefore = await ctx.b.scope.db.auditEntry.count();
    const bIds = [...new Set(Object.values(ctx.samplesB).flatMap(rowIdsIn))];
    const problems: string[] = [];
    const routes = tenantProcedures().filter((p) => procedureAt(p.path)._def.meta?.openapi);
    expect(routes.length).toBe(tenantProcedures().length);
    for (const p of routes) {
      const route = procedureAt(p.path)._def.meta!.openapi!;
      const sample = ctx.samplesB[p.path] ?? {};
      const bySlug = await callRestProcedure({ route, input: { ...sample, tenantSlug: ctx.b.tenant.slug }, apiKey: ctx.adminKeyA });
      if (bySlug.status !== 404) problems.push(`${route.method} ${route.path} with B's slug: ${bySlug.status}`);
      const byIds = await callRestProcedure({ route, input: sample, apiKey: ctx.adminKeyA });
      if (byIds.status >= 500) problems.push(`${route.method} ${route.path}: ${byIds.status} ${byIds.text.slice(0, 200)}`);
      if (typeof sample.id === "string" && byIds.status !== 404) problems.push(`${route.method} ${route.path} with B's ${String(sample.id)}: ${byIds.status}`);
      // (An error may echo the id the caller sent; a successful answer must hold nothing of B.)
      const leaked = bIds.filter((id) => [byIds, bySlug].some((r) => r.status < 400 && r.text.includes(id)));
      if (leaked.length) problems.push(`${route.method} ${route.path}: returned B's ${leaked.join(", ")}`);
    }
    expect(problems).toEqual([]);
    expect(await ctx.b.scope.db.auditEntry.count()).toBe(bAuditBefore);
  });

  it("REST: a read API key of B reads every query endpoint and gets 403 on every mutation", async () => {
    const problems: string[] = [];
    for (const p of tenantProcedures()) {
      const route = procedureAt(p.path)._def.meta?.openapi;
      if (!route) continue;
      const { status, text } = await callRestProcedure({ route, input: ctx.samplesB[p.path] ?? {}, apiKey: ctx.readKeyB });
      const expected = p.type === "mutation" ? 403 : 200;
      if (status !== expected) problems.push(`${p.path} (${route.method} ${route.path}): ${status} ${text.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  });

  it("refuses callers that are not signed in", async () => {
    const anonymous = callerAs(null);
    for (const p of tenantProcedures()) {
      const input = { ...ctx.samplesB[p.path], tenantSlug: ctx.b.tenant.slug };
      expect(await codeOf(call(anonymous, p.path, input))).toBe("UNAUTHORIZED");
    }
  });
});
