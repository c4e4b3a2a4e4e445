import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";
import { acceptInvite, describeInvite } from "./accept-invite";
import { createUserWithPassword } from "@/server/db/accounts";

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

describe("members", () => {
  it("never lets the last owner be removed or demoted", async () => {
    const { tenant, owner } = await createTestTenant("Owners");
    const me = callerAs(owner);
    const [self] = await me.members.list({ tenantSlug: tenant.slug });
    expect(await codeOf(me.members.remove({ tenantSlug: tenant.slug, memberId: self!.id }))).toBe("CONFLICT");
    expect(await codeOf(me.members.changeRole({ tenantSlug: tenant.slug, memberId: self!.id, role: "admin" }))).toBe("CONFLICT");

    const second = await addMember({ tenantId: tenant.id, role: "admin" });
    const secondRow = (await me.members.list({ tenantSlug: tenant.slug })).find((m) => m.email === second.email)!;
    await me.members.changeRole({ tenantSlug: tenant.slug, memberId: secondRow.id, role: "owner" });
    await me.members.changeRole({ tenantSlug: tenant.slug, memberId: self!.id, role: "admin" });
    const roles = (await callerAs(second).members.list({ tenantSlug: tenant.slug })).map((m) => m.role).sort();
    expect(roles).toEqual(["admin", "owner"]);
  });

  it("does not let an admin grant or take the owner role", async () => {
    const { tenant } = await createTestTenant("Owners");
    const admin = await addMember({ tenantId: tenant.id, role: "admin" });
    const operator = await addMember({ tenantId: tenant.id, role: "operator" });
    const rows = await callerAs(admin).members.list({ tenantSlug: tenant.slug });
    const opRow = rows.find((m) => m.email === operator.email)!;
    expect(await codeOf(callerAs(admin).members.changeRole({ tenantSlug: tenant.slug, memberId: opRow.id, role: "owner" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(admin).members.invite({ tenantSlug: tenant.slug, email: "x@example.test", role: "owner" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerAs(operator).members.invite({ tenantSlug: tenant.slug, email: "x@example.test", role: "auditor" }))).toBe("FORBIDDEN");
  });

  it("invite links work once, for the invited address only", async () => {
    const { tenant, owner } = await createTestTenant("Invites");
    const invite = await callerAs(owner).members.invite({ tenantSlug: tenant.slug, email: "New.Person@Example.test", role: "auditor" });
    const token = invite.link.split("/invite/")[1]!;
    expect((await describeInvite({ token })).email).toBe("new.person@example.test");

    const stranger = await createUserWithPassword({ email: "stranger@example.test", passwordHash: "x" });
    await expect(acceptInvite({ token, user: stranger })).rejects.toThrow(/This invite is for/);

    const invited = await createUserWithPassword({ email: "new.person@example.test", passwordHash: "x" });
    expect(await acceptInvite({ token, user: invited })).toEqual({ tenantSlug: tenant.slug });
    await expect(acceptInvite({ token, user: invited })).rejects.toThrow(/not valid|used/);
    const member = (await callerAs(owner).members.list({ tenantSlug: tenant.slug })).find((m) => m.email === "new.person@example.test");
    expect(member?.role).toBe("auditor");
    expect(await codeOf(callerAs(invited).members.invite({ tenantSlug: tenant.slug, email: "y@example.test", role: "auditor" }))).toBe("FORBIDDEN");
  });

  it("rejects revoked and unknown invite links", async () => {
    const { tenant, owner } = await createTestTenant("Invites");
    const invite = await callerAs(owner).members.invite({ tenantSlug: tenant.slug, email: "gone@example.test", role: "operator" });
    await callerAs(owner).members.revokeInvite({ tenantSlug: tenant.slug, id: invite.id });
    await expect(describeInvite({ token: invite.link.split("/invite/")[1]! })).rejects.toThrow(/not valid/);
    await expect(describeInvite({ token: "inv_nonsense" })).rejects.toThrow(/not valid/);
  });
});
