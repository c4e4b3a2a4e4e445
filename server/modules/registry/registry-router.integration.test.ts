/**
 * The registry through the real procedures and the REST API: bad input is rejected with a clear message before
 * anything is saved (no entry, no revision, no audit entry, no device command), good input is saved, audited,
 * versioned with a diff, and readable over REST with an API key.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { handleRestRequest } from "@/server/http/rest-api";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return { code: (err as TRPCError).code, message: (err as TRPCError).message };
  }
  throw new Error("expected a refusal");
}

describe("registry procedures", () => {
  it("rejects bad verdict input before saving anything", async () => {
    const t = await createTestTenant("Registry");
    const owner = callerAs(t.owner);
    const tenantSlug = t.tenant.slug;
    const auditBefore = await t.scope.db.auditEntry.count();
    expect(await refusal(owner.registry.setVerdict({ tenantSlug, productSlug: "codex-cli", verdict: "sanctioned", versionRange: ">=banana" }))).toEqual({
      code: "BAD_REQUEST",
      message: 'versionRange: ">=banana" is not a valid semver range (e.g. ">=2.1.0 <3" or "^0.169.0")',
    });
    expect((await refusal(owner.registry.setVerdict({ tenantSlug, productSlug: "codex-cli", verdict: "sanctioned", sha256: ["abc123"] }))).message).toBe(
      'sha256[0]: "abc123" is not a sha256 digest (64 hexadecimal characters)',
    );
    expect((await refusal(owner.registry.setVerdict({ tenantSlug, productSlug: "codex-cli", verdict: "tolerated" }))).message).toMatch(/toleratedUntil: a tolerated product is time-boxed/);
    expect((await refusal(owner.registry.setVerdict({ tenantSlug, productSlug: "codex-cli", verdict: "sanctioned", trustedSources: [{ kind: "vendor-installer", value: "http://evil.example/install.sh" }] }))).message).toMatch(/must be an https URL/);
    expect((await refusal(owner.registry.setVerdict({ tenantSlug, productSlug: "Not A Slug", verdict: "sanctioned" }))).code).toBe("BAD_REQUEST");
    expect(await t.scope.db.registryEntry.count()).toBe(0);
    expect(await t.scope.db.auditEntry.count()).toBe(auditBefore);
  });

  it("rejects a contradictory policy and a bad MCP allowlist entry before saving a revision", async () => {
    const t = await createTestTenant("Registry");
    const owner = callerAs(t.owner);
    const tenantSlug = t.tenant.slug;
    const contradiction = await refusal(owner.registry.revisePolicy({ tenantSlug, verdictClass: "sanctioned", policy: { permissions: { allow: ["Bash(curl:*)"], deny: ["Bash(curl:*)"] } } }));
    expect(contradiction.code).toBe("BAD_REQUEST");
    expect(contradiction.message).toMatch(/Bash\(curl:\*\)/);
    const mcp = await refusal(owner.registry.revisePolicy({ tenantSlug, verdictClass: "sanctioned", policy: { mcp: { allowed: [{ name: "bad name!" }] } } }));
    expect(mcp.code).toBe("BAD_REQUEST");
    expect(mcp.message).toMatch(/mcp\.allowed\[0\]/);
    expect(await t.scope.db.policyRevision.count()).toBe(0);
  });

  it("versions policies with a diff, audits verdicts, and refuses auditors", async () => {
    const t = await createTestTenant("Registry");
    const owner = callerAs(t.owner);
    const tenantSlug = t.tenant.slug;
    const first = await owner.registry.revisePolicy({ tenantSlug, verdictClass: "sanctioned", policy: { permissions: { deny: ["WebSearch"] } } });
    const second = await owner.registry.revisePolicy({ tenantSlug, verdictClass: "sanctioned", policy: { permissions: { deny: ["WebSearch", "Read(./.env)"] } }, note: "protect .env" });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.diff).toEqual([{ path: "permissions.deny", before: ["WebSearch"], after: ["WebSearch", "Read(./.env)"] }]);
    expect((await refusal(owner.registry.revisePolicy({ tenantSlug, verdictClass: "sanctioned", policy: { permissions: { deny: ["WebSearch", "Read(./.env)"] } } }))).code).toBe("CONFLICT");
    const { current } = await owner.registry.policies({ tenantSlug });
    expect(current.sanctioned?.version).toBe(2);
    expect(current.tolerated).toBeNull();

    await owner.registry.setVerdict({ tenantSlug, productSlug: "claude-code", verdict: "sanctioned", versionRange: ">=2.1.0 <3", sha256: ["A".repeat(64)] });
    const entry = (await owner.registry.products({ tenantSlug })).products.find((p) => p.productSlug === "claude-code")!;
    expect(entry).toMatchObject({ verdict: "sanctioned", compilable: true, entry: { versionRange: ">=2.1.0 <3", sha256: ["a".repeat(64)] } });
    const audit = await t.scope.db.auditEntry.findMany({ where: { action: { startsWith: "registry." } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["registry.policy_revised", "registry.policy_revised", "registry.entry_created"]);

    const auditor = callerAs(await addMember({ tenantId: t.tenant.id, role: "auditor" }));
    expect((await refusal(auditor.registry.setVerdict({ tenantSlug, productSlug: "codex-cli", verdict: "blocked" }))).code).toBe("FORBIDDEN");
  });

  it("serves the registry over REST with an API key", async () => {
    const t = await createTestTenant("Registry");
    const { key } = await createApiKey({ scope: t.scope, name: "ci", keyScope: "admin" });
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const put = await handleRestRequest(new Request("http://x/api/v1/registry/products/codex-cli", { method: "PUT", headers, body: JSON.stringify({ verdict: "blocked" }) }));
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ productSlug: "codex-cli", verdict: "blocked" });
    const bad = await handleRestRequest(new Request("http://x/api/v1/registry/products/codex-cli", { method: "PUT", headers, body: JSON.stringify({ verdict: "sanctioned", versionRange: "not-a-range" }) }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not a valid semver range/);
    const list = await handleRestRequest(new Request("http://x/api/v1/registry/products", { headers }));
    const body = (await list.json()) as { products: { productSlug: string; verdict: string }[] };
    expect(body.products.find((p) => p.productSlug === "codex-cli")?.verdict).toBe("blocked");
    const compliance = await handleRestRequest(new Request("http://x/api/v1/registry/compliance", { headers }));
    expect(compliance.status).toBe(200);
  });
});
