import pg from "pg";
import { describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/create-api-key";
import { verifyAuditChain } from "./verify-audit-chain";
import { createTestTenant } from "@/test/support/tenants";

/** Someone with direct database access, editing rows behind the application's back. */
async function tamper(sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe("audit hash chain", () => {
  it("stays intact under concurrent writers", async () => {
    const { scope } = await createTestTenant("Audit");
    await Promise.all(Array.from({ length: 20 }, (_, i) => createApiKey({ scope, name: `k${i}`, keyScope: "read" })));
    const result = await verifyAuditChain({ db: scope.db, tenantId: scope.tenantId });
    expect(result).toEqual({ ok: true, entries: 20 });
    const seqs = (await scope.db.auditEntry.findMany({ where: {}, orderBy: { seq: "asc" } })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("reports the first entry whose content was changed", async () => {
    const { scope } = await createTestTenant("Audit");
    for (let i = 0; i < 5; i++) await createApiKey({ scope, name: `k${i}`, keyScope: "read" });
    await tamper(`UPDATE "AuditEntry" SET "actorLabel" = 'someone else' WHERE "tenantId" = $1 AND seq = 3`, [scope.tenantId]);
    expect(await verifyAuditChain({ db: scope.db, tenantId: scope.tenantId })).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringMatching(/content/) });
  });

  it("reports a deleted entry in the middle and one removed from the end", async () => {
    const { scope } = await createTestTenant("Audit");
    for (let i = 0; i < 4; i++) await createApiKey({ scope, name: `k${i}`, keyScope: "read" });
    await tamper(`DELETE FROM "AuditEntry" WHERE "tenantId" = $1 AND seq = 2`, [scope.tenantId]);
    expect(await verifyAuditChain({ db: scope.db, tenantId: scope.tenantId })).toMatchObject({ ok: false, brokenAtSeq: 2 });

    const other = await createTestTenant("Audit");
    for (let i = 0; i < 3; i++) await createApiKey({ scope: other.scope, name: `k${i}`, keyScope: "read" });
    await tamper(`DELETE FROM "AuditEntry" WHERE "tenantId" = $1 AND seq = 3`, [other.scope.tenantId]);
    expect(await verifyAuditChain({ db: other.scope.db, tenantId: other.scope.tenantId })).toMatchObject({ ok: false, brokenAtSeq: 3, reason: expect.stringMatching(/removed/) });
  });

  it("records who did what, with a before/after summary", async () => {
    const { scope, owner } = await createTestTenant("Audit");
    const key = await createApiKey({ scope, name: "deploy bot", keyScope: "admin" });
    const entry = await scope.db.auditEntry.findFirstOrThrow({ where: { action: "api_key.created" } });
    expect(entry).toMatchObject({ actorType: "member", actorId: owner.id, actorLabel: owner.email, targetType: "api_key", targetId: key.id });
    expect(entry.summary).toMatchObject({ name: "deploy bot", scope: "admin" });
    expect(JSON.stringify(entry.summary)).not.toContain(key.key);
  });
});
