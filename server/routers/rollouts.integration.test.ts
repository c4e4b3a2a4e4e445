/**
 * The rollouts router and REST API: bad input refused with a reason and nothing changed, roles, tenancy, and the
 * flow a CI job runs with an API key (create, poll status, approve, promote, rollback).
 */
import { describe, expect, it } from "vitest";
import { handleRestRequest } from "@/server/http/rest-api";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { advanceRollout } from "@/server/modules/rollouts/advance-rollout";
import { checkinAll } from "@/server/modules/rollouts/test-support/simulated-fleet";
import { createRolloutFixture, fastStages, goodPolicy } from "@/server/modules/rollouts/test-support/rollout-fixture";
import { readCurrentPolicies } from "@/server/modules/registry/policy-revisions";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";

const noApproval = fastStages.map((s) => ({ ...s, approvalRole: null }));

function rest({ key, method, path, body }: { key: string; method: string; path: string; body?: unknown }) {
  return handleRestRequest(new Request(`http://localhost/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
}

describe("rollouts router", () => {
  it("refuses bad input with a clear reason and changes nothing", async () => {
    const fx = await createRolloutFixture({ counts: { dev: 1, staging: 1, prod: 1 } });
    const owner = callerAs(fx.owner);
    const slug = fx.tenant.slug;
    const change = { kind: "policy" as const, verdictClass: "sanctioned" as const, policy: goodPolicy };

    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Out of range", changes: [change], stages: fastStages.map((s) => ({ ...s, gates: { maxAttestationFailurePct: 150 } })) })).rejects.toThrow(/maxAttestationFailurePct must be between 0 and 100/);
    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Negative soak", changes: [change], stages: fastStages.map((s) => ({ ...s, soakMinutes: -5 })) })).rejects.toThrow(/soakMinutes must be between 0 and 10080/);
    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Wrong order", changes: [change], stages: [fastStages[1]!, fastStages[0]!, fastStages[2]!] })).rejects.toThrow(/one stage per ring, in order dev, staging, prod/);
    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Waves down", changes: [change], stages: [fastStages[0]!, { ring: "staging", waves: [50, 20, 100] }, fastStages[2]!] })).rejects.toThrow(/waves are cumulative percentages and must go up/);
    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Bad policy", changes: [{ ...change, policy: { permissions: { deny: [42] } } }], stages: noApproval })).rejects.toThrow(/BAD_REQUEST|policy/);
    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Same policy", changes: [{ ...change, policy: fx.baseline.policy }], stages: noApproval })).rejects.toThrow(/already exactly this \(revision 1\); nothing to roll out/);
    expect(await fx.scope.db.rollout.count()).toBe(0);

    // Two rollouts on one policy: the second is refused, naming the first; a direct registry edit too.
    const { id } = await owner.rollouts.create({ tenantSlug: slug, title: "First", changes: [change], stages: noApproval });
    await expect(owner.rollouts.create({ tenantSlug: slug, title: "Second", changes: [{ ...change, policy: { permissions: { deny: ["Read(./secrets/**)"] } } }], stages: noApproval })).rejects.toThrow(/policy sanctioned is being changed by rollout "First".*never change the same policy at once/);
    await expect(owner.registry.revisePolicy({ tenantSlug: slug, verdictClass: "sanctioned", policy: { permissions: { deny: ["Read(./x)"] } } })).rejects.toThrow(/being changed by rollout "First"/);
    expect(await fx.scope.db.rollout.count()).toBe(1);

    // Promoting a halted rollout.
    await owner.rollouts.halt({ tenantSlug: slug, id, reason: "looks wrong" });
    await expect(owner.rollouts.promote({ tenantSlug: slug, id })).rejects.toThrow(/is halted \(looks wrong\): a halted rollout cannot be promoted/);
    await expect(owner.rollouts.halt({ tenantSlug: slug, id, reason: "again" })).rejects.toThrow(/is halted: only an active rollout can be halted/);
    await owner.rollouts.rollback({ tenantSlug: slug, id, reason: "abandon" });
    await expect(owner.rollouts.rollback({ tenantSlug: slug, id, reason: "again" })).rejects.toThrow(/already rolled back/);

    // Rolling back past the first revision: a completed rollout that created the tolerated policy's revision 1.
    const { id: first } = await owner.rollouts.create({ tenantSlug: slug, title: "First tolerated policy", changes: [{ kind: "policy", verdictClass: "tolerated", policy: { disableBypassMode: true, managedRulesOnly: true } }], stages: noApproval });
    for (let i = 0; i < 4; i++) await advanceRollout({ scope: fx.system, rolloutId: first });
    expect((await owner.rollouts.get({ tenantSlug: slug, id: first })).status).toBe("completed");
    expect((await readCurrentPolicies({ scope: fx.scope })).tolerated?.version).toBe(1);
    await expect(owner.rollouts.rollback({ tenantSlug: slug, id: first, reason: "undo" })).rejects.toThrow(/Cannot roll back past the first revision: revision 1 of the tolerated policy/);
    expect((await readCurrentPolicies({ scope: fx.scope })).tolerated?.version).toBe(1);
  });

  it("promote before the stage passed says what it waits for; a completed rollout rolls back to the previous revision everywhere", async () => {
    const fx = await createRolloutFixture({ counts: { dev: 1, staging: 1, prod: 1 } });
    const owner = callerAs(fx.owner);
    const slug = fx.tenant.slug;
    const { id } = await owner.rollouts.create({ tenantSlug: slug, title: "Manual", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: noApproval, promotion: "manual" });
    await expect(owner.rollouts.promote({ tenantSlug: slug, id })).rejects.toThrow(/The dev stage has not passed yet: waiting for dev: 0 of 1 devices attested/);
    for (const ring of ["dev", "staging", "prod"] as const) {
      await checkinAll({ devices: fx.all });
      const promoted = await owner.rollouts.promote({ tenantSlug: slug, id });
      expect(promoted.status).toBe(ring === "prod" ? "completed" : "active");
      if (ring !== "prod") await advanceRollout({ scope: fx.system, rolloutId: id });
    }
    const newVersion = fx.devices.prod[0]!.currentVersion();
    expect(newVersion).not.toBe(fx.baselineVersion);
    const back = await owner.rollouts.rollback({ tenantSlug: slug, id, reason: "regression found in prod" });
    expect(back).toMatchObject({ status: "rolled_back", devicesReverted: 3 });
    await checkinAll({ devices: fx.all });
    expect(fx.all.every((d) => d.currentVersion() === fx.baselineVersion)).toBe(true);
    const current = (await readCurrentPolicies({ scope: fx.scope })).sanctioned!;
    expect(current.version).toBe(3);
    expect(current.policy).toEqual(fx.baseline.policy);
  });

  it("roles and tenancy: auditors read only; another tenant's rollout is NOT_FOUND", async () => {
    const fx = await createRolloutFixture({ counts: { dev: 1, staging: 0, prod: 0 } });
    const other = await createTestTenant("Other");
    const slug = fx.tenant.slug;
    const { id } = await callerAs(fx.owner).rollouts.create({ tenantSlug: slug, title: "Tenancy", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: fastStages });
    const auditor = callerAs(await addMember({ tenantId: fx.tenant.id, role: "auditor" }));
    await expect(auditor.rollouts.get({ tenantSlug: slug, id })).resolves.toMatchObject({ id, title: "Tenancy" });
    await expect(auditor.rollouts.halt({ tenantSlug: slug, id, reason: "nope" })).rejects.toThrow(/needs operator or above/);
    await expect(auditor.rollouts.create({ tenantSlug: slug, title: "x y z", changes: [{ kind: "policy", verdictClass: "tolerated", policy: {} }] })).rejects.toThrow(/needs admin or above/);
    const operator = callerAs(await addMember({ tenantId: fx.tenant.id, role: "operator" }));
    await expect(operator.rollouts.approve({ tenantSlug: slug, id, stageIndex: 2 })).rejects.toThrow(/Approving the prod stage needs the admin role or above; yours is operator/);
    await expect(operator.rollouts.rollback({ tenantSlug: slug, id, reason: "nope" })).rejects.toThrow(/needs admin or above/);

    const stranger = callerAs(other.owner);
    await expect(stranger.rollouts.get({ tenantSlug: other.tenant.slug, id })).rejects.toThrow(/Rollout not found/);
    await expect(stranger.rollouts.halt({ tenantSlug: other.tenant.slug, id, reason: "cross tenant" })).rejects.toThrow(/Rollout not found/);
    await expect(stranger.rollouts.list({ tenantSlug: slug })).rejects.toThrow(/Tenant not found/);
    expect(await stranger.rollouts.list({ tenantSlug: other.tenant.slug })).toEqual([]);
    expect((await fx.scope.db.rollout.findFirstOrThrow({ where: { id } })).status).toBe("active");
  });

  it("REST as a CI job runs it: create, poll status, approve prod, promote, completed", async () => {
    const fx = await createRolloutFixture({ counts: { dev: 1, staging: 1, prod: 1 } });
    const { key } = await createApiKey({ scope: fx.scope, name: "github-actions", keyScope: "admin" });
    const { key: readKey } = await createApiKey({ scope: fx.scope, name: "dashboards", keyScope: "read" });
    const created = await rest({ key, method: "POST", path: "/rollouts", body: { title: "CI: protect .env", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: fastStages, promotion: "manual" } });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const bad = await rest({ key, method: "POST", path: "/rollouts", body: { title: "CI: again", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: { permissions: { deny: ["Read(./y)"] } } }] } });
    expect(bad.status).toBe(409);
    expect(await rest({ key: readKey, method: "POST", path: `/rollouts/${id}/promote`, body: {} }).then((r) => r.status)).toBe(403);

    const status = async () => (await (await rest({ key: readKey, method: "GET", path: `/rollouts/${id}/status` })).json()) as { status: string; ring: string; stageStatus: string; finished: boolean; succeeded: boolean; stages: { ring: string; attested: number; approved: boolean }[] };
    expect(await status()).toMatchObject({ status: "active", ring: "dev", finished: false });
    const early = await rest({ key, method: "POST", path: `/rollouts/${id}/promote`, body: {} });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/has not passed yet/);

    await checkinAll({ devices: fx.all });
    expect((await rest({ key, method: "POST", path: `/rollouts/${id}/promote`, body: {} })).status).toBe(200);
    await advanceRollout({ scope: fx.system, rolloutId: id });
    await checkinAll({ devices: fx.all });
    expect((await rest({ key, method: "POST", path: `/rollouts/${id}/promote`, body: {} })).status).toBe(200);
    expect(await status()).toMatchObject({ ring: "prod", stageStatus: "awaiting_approval" });
    const approved = await rest({ key, method: "POST", path: `/rollouts/${id}/approve`, body: { comment: "change ticket CHG-42" } });
    expect(approved.status).toBe(200);
    await advanceRollout({ scope: fx.system, rolloutId: id });
    await checkinAll({ devices: fx.all });
    expect((await rest({ key, method: "POST", path: `/rollouts/${id}/promote`, body: {} })).status).toBe(200);
    expect(await status()).toMatchObject({ status: "completed", finished: true, succeeded: true });
    const detail = (await (await rest({ key: readKey, method: "GET", path: `/rollouts/${id}` })).json()) as { changes: { diff: unknown[] }[]; stages: { approvals: { by: string; comment: string }[] }[] };
    expect(detail.changes[0]!.diff).toEqual([{ path: "permissions.deny", before: ["Bash(rm -rf:*)"], after: ["Bash(rm -rf:*)", "Read(./.env)"] }]);
    expect(detail.stages[2]!.approvals).toEqual([expect.objectContaining({ by: 'API key "github-actions"', comment: "change ticket CHG-42" })]);
    const list = (await (await rest({ key: readKey, method: "GET", path: "/rollouts?status=completed" })).json()) as { id: string }[];
    expect(list.map((r) => r.id)).toEqual([id]);
  });
});
