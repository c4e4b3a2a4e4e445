import { describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/create-api-key";
import { exportAuditEvents } from "./export-audit-events";
import { queryEvents } from "../events/query-events";
import { createTestTenant } from "@/test/support/tenants";
import { signUp } from "../tenants/sign-up";
import { signInWithPassword } from "../tenants/sign-in-with-password";
import { listMembershipsOfUser } from "@/server/db/accounts";
import { forTenant } from "@/server/db";

describe("admin actions and sign-ins in the event stream", () => {
  it("copies every audit entry once as an admin.action event, whatever the number of exports", async () => {
    const { scope, owner } = await createTestTenant("Audit events");
    await createApiKey({ scope, name: "k1", keyScope: "read" });
    await createApiKey({ scope, name: "k2", keyScope: "admin" });
    expect((await exportAuditEvents({ tenantId: scope.tenantId })).exported).toBe(2);
    expect((await exportAuditEvents({ tenantId: scope.tenantId })).exported).toBe(0);
    // Simulate a crash after storing events but before moving the cursor: a re-export stores nothing twice.
    await scope.db.tenant.update({ where: { id: scope.tenantId }, data: { auditExportedSeq: 0 } });
    await exportAuditEvents({ tenantId: scope.tenantId });
    const { events } = await queryEvents({ scope, filter: { types: ["admin.action"] }, limit: 50 });
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.intent).sort()).toEqual(["api_key.created", "api_key.created"]);
    expect(events[0]).toMatchObject({ actor: { memberId: owner.id, email: owner.email }, outcome: "success" });
  });

  it("records successful and failed sign-ins in the tenants of that login", async () => {
    const email = `signin-events-${Date.now()}@example.test`;
    const { userId } = await signUp({ name: "S", email, password: "a long enough password", organization: "Signin Events" });
    await signInWithPassword({ email, password: "a long enough password", clientKey: "203.0.113.9" });
    await expect(signInWithPassword({ email, password: "not the password", clientKey: "203.0.113.9" })).rejects.toThrow();
    const [m] = await listMembershipsOfUser(userId);
    const scope = { db: forTenant(m!.tenant.id), tenantId: m!.tenant.id, tenantSlug: m!.tenant.slug, actor: { type: "system" as const, id: null, label: "t" } };
    const { events } = await queryEvents({ scope, filter: { types: ["auth.sign_in", "auth.sign_in_failed"] }, limit: 10 });
    expect(events.map((e) => e.type).sort()).toEqual(["auth.sign_in", "auth.sign_in_failed"]);
    expect(JSON.stringify(events)).not.toContain("not the password");
  });
});
