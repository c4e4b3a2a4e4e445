import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { createTestTenant } from "@/test/support/tenants";
import { createRevocation } from "./create-revocation";
import { addDevice, addIdentity, addPerson } from "./test-support/kill-switch-fixtures";
import { listPendingCommands } from "../commands/list-pending-commands";

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected a refusal");
}

async function world() {
  const t = await createTestTenant("Kill");
  const ann = await addPerson({ scope: t.scope, name: "Ann" });
  const bob = await addPerson({ scope: t.scope, name: "Bob" });
  const laptop = await addDevice({ scope: t.scope, ownerPersonId: ann.id });
  const server = await addDevice({ scope: t.scope, ownerPersonId: null });
  const annClaude = await addIdentity({ scope: t.scope, deviceId: laptop.id, personId: ann.id, productSlug: "claude-code" });
  const child = await addIdentity({ scope: t.scope, deviceId: server.id, personId: ann.id, productSlug: "codex-cli", parentId: annClaude.id });
  const grandchild = await addIdentity({ scope: t.scope, deviceId: server.id, personId: ann.id, productSlug: "gemini-cli", parentId: child.id });
  const bobCodex = await addIdentity({ scope: t.scope, deviceId: server.id, personId: bob.id, productSlug: "codex-cli" });
  return { ...t, ann, bob, laptop, server, annClaude, child, grandchild, bobCodex };
}

describe("createRevocation", () => {
  it("revokes an identity, cascades to its delegated children with the chain recorded, and queues one revoke per device", async () => {
    const w = await world();
    const r = await createRevocation({ scope: w.scope, target: { type: "identity", id: w.annClaude.id }, reason: "agent misbehaved", trigger: "manual" });
    expect(r.identitiesRevoked).toBe(3);
    expect(r.devicesTargeted).toBe(2);

    const chain = await w.scope.db.revocationIdentity.findMany({ where: { revocationId: r.id }, orderBy: { depth: "asc" } });
    expect(chain.map((c) => [c.identityId, c.viaId, c.depth])).toEqual([
      [w.annClaude.id, null, 0],
      [w.child.id, w.annClaude.id, 1],
      [w.grandchild.id, w.child.id, 2],
    ]);
    const statuses = await w.scope.db.agentIdentity.findMany({ select: { id: true, status: true } });
    const byId = new Map(statuses.map((s) => [s.id, s.status]));
    expect(byId.get(w.annClaude.id)).toBe("revoked");
    expect(byId.get(w.grandchild.id)).toBe("revoked");
    expect(byId.get(w.bobCodex.id)).toBe("active");

    const targets = await w.scope.db.revocationTarget.findMany({ where: { revocationId: r.id } });
    expect(targets.map((t) => t.status)).toEqual(["pending", "pending"]);
    const serverCommands = await listPendingCommands({ scope: w.scope, deviceId: w.server.id });
    expect(serverCommands).toHaveLength(1);
    expect(serverCommands[0]).toMatchObject({ type: "revoke", payload: { revocationId: r.id, allAgents: false, productSlugs: ["codex-cli", "gemini-cli"] } });
    const audit = await w.scope.db.auditEntry.findFirst({ where: { action: "revocation.created", targetId: r.id } });
    expect(audit?.summary).toMatchObject({ identities: 3, cascaded: 2, devices: 2 });
  });

  it("revokes all of a person's agents and stops every agent on the devices they own", async () => {
    const w = await world();
    const r = await createRevocation({ scope: w.scope, target: { type: "person", id: w.ann.id }, reason: "left the company", trigger: "scim", triggerRef: "okta-evt-1" });
    expect(r.identitiesRevoked).toBe(3);
    const [laptopCmd] = await listPendingCommands({ scope: w.scope, deviceId: w.laptop.id });
    expect(laptopCmd?.payload).toMatchObject({ allAgents: true });
    const bob = await w.scope.db.agentIdentity.findFirst({ where: { id: w.bobCodex.id } });
    expect(bob?.status).toBe("active");
  });

  it("tenant-wide reaches every enrolled device", async () => {
    const w = await world();
    const r = await createRevocation({ scope: w.scope, target: { type: "tenant" }, reason: "incident 42", trigger: "siem" });
    expect(r).toMatchObject({ identitiesRevoked: 4, devicesTargeted: 2 });
  });

  it("refuses bad input, double revocation and empty scopes without writing anything", async () => {
    const w = await world();
    const before = await w.scope.db.revocation.count();
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "identity" }, reason: "why not", trigger: "manual" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "tenant", id: "x" }, reason: "why not", trigger: "manual" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "identity", id: w.annClaude.id }, reason: "", trigger: "manual" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "identity", id: "nope" }, reason: "testing", trigger: "manual" }))).code).toBe("NOT_FOUND");
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "product", id: "no-such-agent" }, reason: "testing", trigger: "manual" }))).code).toBe("NOT_FOUND");
    // A known product nobody uses: nothing to revoke.
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "product", id: "aider" }, reason: "testing", trigger: "manual" }))).code).toBe("UNPROCESSABLE");
    expect(await w.scope.db.revocation.count()).toBe(before);

    await createRevocation({ scope: w.scope, target: { type: "identity", id: w.bobCodex.id }, reason: "first", trigger: "manual" });
    const twice = await refusal(createRevocation({ scope: w.scope, target: { type: "identity", id: w.bobCodex.id }, reason: "second", trigger: "manual" }));
    expect(twice.code).toBe("CONFLICT");
    await createRevocation({ scope: w.scope, target: { type: "device", id: w.laptop.id }, reason: "first", trigger: "manual" });
    expect((await refusal(createRevocation({ scope: w.scope, target: { type: "device", id: w.laptop.id }, reason: "second", trigger: "manual" }))).code).toBe("CONFLICT");
    expect(await w.scope.db.revocation.count()).toBe(before + 2);
  });

  it("cannot reach another tenant's identity", async () => {
    const w = await world();
    const other = await createTestTenant("Other");
    expect((await refusal(createRevocation({ scope: other.scope, target: { type: "identity", id: w.annClaude.id }, reason: "cross", trigger: "manual" }))).code).toBe("NOT_FOUND");
    expect((await w.scope.db.agentIdentity.findFirst({ where: { id: w.annClaude.id } }))?.status).toBe("active");
  });
});
