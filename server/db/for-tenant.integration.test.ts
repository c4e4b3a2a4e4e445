import { describe, expect, it } from "vitest";
import { forTenant, TenantScopeViolation } from "@/server/db";
import { TENANT_OWNED_MODELS } from "./for-tenant";
import { createTestTenant } from "@/test/support/tenants";

async function twoTenants() {
  const a = await createTestTenant("Alpha");
  const b = await createTestTenant("Beta");
  return { a, b, dbA: forTenant(a.tenant.id), dbB: forTenant(b.tenant.id) };
}

describe("forTenant", () => {
  it("knows every model with a tenantId column", () => {
    for (const model of ["Member", "ApiKey", "AuditEntry", "Device", "Person", "Installation"]) expect(TENANT_OWNED_MODELS.has(model)).toBe(true);
    expect(TENANT_OWNED_MODELS.has("User")).toBe(false);
  });

  it("adds the tenant to creates and to every read filter", async () => {
    const { a, dbA, dbB } = await twoTenants();
    const person = await dbA.person.create({ data: { userName: "ann", userNameKey: "ann" } as never });
    expect(person.tenantId).toBe(a.tenant.id);
    expect(await dbB.person.findUnique({ where: { id: person.id } })).toBeNull();
    expect(await dbB.person.findFirst({ where: { userName: "ann" } })).toBeNull();
    expect(await dbB.person.count({ where: {} })).toBe(0);
    expect(await dbA.person.count({ where: {} })).toBe(1);
  });

  it("refuses data or filters that name another tenant", async () => {
    const { b, dbA } = await twoTenants();
    await expect(dbA.person.create({ data: { tenantId: b.tenant.id, userName: "x", userNameKey: "x" } })).rejects.toThrow(TenantScopeViolation);
    await expect(dbA.person.findMany({ where: { tenantId: b.tenant.id } })).rejects.toThrow(TenantScopeViolation);
    await expect(dbA.person.updateMany({ where: { userName: "x" }, data: { tenantId: b.tenant.id } })).rejects.toThrow(TenantScopeViolation);
  });

  it("scopes createMany, upsert, updateMany and deleteMany", async () => {
    const { a, dbA, dbB } = await twoTenants();
    await dbA.person.createMany({ data: [{ userName: "p1", userNameKey: "p1" }, { userName: "p2", userNameKey: "p2" }] as never });
    await dbB.person.createMany({ data: [{ userName: "p1", userNameKey: "p1" }] as never });
    expect(await dbA.person.count({ where: {} })).toBe(2);

    // upsert in B with A's unique key creates a B row; it does not update A's
    const upserted = await dbB.person.upsert({
      where: { tenantId_userNameKey: { tenantId: (await dbB.tenant.findFirstOrThrow()).id, userNameKey: "p2" } },
      create: { userName: "p2", userNameKey: "p2" } as never,
      update: { displayName: "changed" },
    });
    expect(upserted.tenantId).not.toBe(a.tenant.id);
    expect((await dbA.person.findFirstOrThrow({ where: { userNameKey: "p2" } })).displayName).toBeNull();

    const updated = await dbB.person.updateMany({ where: { userNameKey: "p1" }, data: { displayName: "B only" } });
    expect(updated.count).toBe(1);
    expect((await dbA.person.findFirstOrThrow({ where: { userNameKey: "p1" } })).displayName).toBeNull();

    const deleted = await dbB.person.deleteMany({ where: { userNameKey: { in: ["p1", "p2"] } } });
    expect(deleted.count).toBe(2);
    expect(await dbA.person.count({ where: {} })).toBe(2);
  });

  it("refuses a deleteMany or updateMany with no filter instead of wiping a table", async () => {
    const { dbA } = await twoTenants();
    await dbA.person.create({ data: { userName: "keep", userNameKey: "keep" } as never });
    await expect(dbA.person.deleteMany()).rejects.toThrow(/needs a filter/);
    await expect(dbA.person.deleteMany({ where: undefined })).rejects.toThrow(/needs a filter/);
    await expect(dbA.person.deleteMany({ where: {} })).rejects.toThrow(/needs a filter/);
    await expect(dbA.person.updateMany({ data: { active: false } })).rejects.toThrow(/needs a filter/);
    expect(await dbA.person.count({ where: {} })).toBe(1);
  });

  it("scopes interactive transactions, and rolls back together", async () => {
    const { dbA, dbB } = await twoTenants();
    await expect(
      dbA.$transaction(async (tx) => {
        await tx.person.create({ data: { userName: "tx1", userNameKey: "tx1" } as never });
        expect(await tx.person.count({ where: {} })).toBe(1);
        expect(await tx.tenant.count()).toBe(1);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await dbA.person.count({ where: {} })).toBe(0);
    await dbA.$transaction(async (tx) => {
      await tx.person.create({ data: { userName: "tx2", userNameKey: "tx2" } as never });
    });
    expect(await dbA.person.count({ where: {} })).toBe(1);
    expect(await dbB.person.count({ where: {} })).toBe(0);
  });

  it("sees only its own tenant row and no logins, sessions or raw SQL", async () => {
    const { a, dbA } = await twoTenants();
    const tenants = await dbA.tenant.findMany();
    expect(tenants.map((t) => t.id)).toEqual([a.tenant.id]);
    await expect(dbA.user.findMany()).rejects.toThrow(TenantScopeViolation);
    await expect(dbA.session.findMany()).rejects.toThrow(TenantScopeViolation);
    await expect(dbA.$queryRaw`SELECT 1`).rejects.toThrow(TenantScopeViolation);
    await expect(dbA.tenant.delete({ where: { id: a.tenant.id } })).rejects.toThrow(TenantScopeViolation);
  });
});
