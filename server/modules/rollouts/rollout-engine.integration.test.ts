/**
 * The rollout engine end to end with simulated devices on the enroller's DeviceClient and the real device routes:
 * a bad revision halts in dev and rolls back without touching staging or prod; a good one goes ring by ring with
 * waves, approvals (two-person rule) and completes into the registry; a worker stopped mid-stage and a new one
 * started continue without skipping or repeating a stage; two workers stepping at once change nothing twice.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/server/jobs/boss";
import { registerRolloutJobs } from "@/server/jobs/rollout-jobs";
import { registerJobs } from "@/server/jobs/boss";
import { readCurrentPolicies } from "@/server/modules/registry/policy-revisions";
import { addMember, callerAs } from "@/test/support/tenants";
import { advanceRollout } from "./advance-rollout";
import { checkinAll } from "./test-support/simulated-fleet";
import { badPolicy, createRolloutFixture, fastStages, goodPolicy } from "./test-support/rollout-fixture";

async function eventsOf({ fx, rolloutId }: { fx: Awaited<ReturnType<typeof createRolloutFixture>>; rolloutId: string }) {
  return fx.scope.db.event.findMany({ where: { rolloutId }, orderBy: { time: "asc" }, select: { type: true, key: true, params: true } });
}

describe("rollout engine", () => {
  afterAll(async () => {
    await stopJobs({ graceful: false });
  });

  it("a revision that devices fail to attest halts in dev and rolls back; staging and prod never see it", async () => {
    const fx = await createRolloutFixture();
    const owner = callerAs(fx.owner);
    const prodBefore = fx.devices.prod.map((d) => d.appliedVersions());
    const stagingBefore = fx.devices.staging.map((d) => d.appliedVersions());
    const { id } = await owner.rollouts.create({ tenantSlug: fx.tenant.slug, title: "Deny curl", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: badPolicy }], stages: fastStages });

    const first = await advanceRollout({ scope: fx.system, rolloutId: id });
    expect(first).toMatchObject({ status: "active", stageStatus: "soaking" });
    await checkinAll({ devices: fx.devices.dev });
    // Each dev device got the new bundle once and refused it.
    for (const d of fx.devices.dev) expect(d.appliedVersions()).toHaveLength(2);

    const second = await advanceRollout({ scope: fx.system, rolloutId: id });
    expect(second.status).toBe("rolled_back");
    const detail = await owner.rollouts.get({ tenantSlug: fx.tenant.slug, id });
    expect(detail.stages.map((s) => s.status)).toEqual(["failed", "rolled_back", "rolled_back"]);
    expect(detail.stages[0]!.failReason).toMatch(/dev gate failed: attestation failures 2\/2 \(100%\) exceed 0%/);
    expect(detail.haltReason).toMatch(/attestation failures/);
    expect(detail.failures).toHaveLength(2);
    expect(detail.failures[0]!.reason).toMatch(/tampered/);

    // Dev devices get the previous revision back at their next check-in; it is the baseline bundle again.
    await checkinAll({ devices: fx.devices.dev });
    for (const d of fx.devices.dev) expect(d.currentVersion()).toBe(fx.baselineVersion);
    // Staging and prod: not one command.
    await checkinAll({ devices: [...fx.devices.staging, ...fx.devices.prod] });
    expect(fx.devices.prod.map((d) => d.appliedVersions())).toEqual(prodBefore);
    expect(fx.devices.staging.map((d) => d.appliedVersions())).toEqual(stagingBefore);
    // The registry never had the bad revision.
    expect((await readCurrentPolicies({ scope: fx.scope })).sanctioned?.version).toBe(fx.baseline.version);
    const events = await eventsOf({ fx, rolloutId: id });
    expect(events.map((e) => e.type)).toEqual(["rollout.halted", "rollout.rolled_back"]);
    // The policy is free again.
    await expect(owner.rollouts.create({ tenantSlug: fx.tenant.slug, title: "Try again", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: fastStages })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("a good revision goes dev -> staging (two waves) -> prod with the two-person rule and completes into the registry", async () => {
    const fx = await createRolloutFixture({ counts: { dev: 2, staging: 4, prod: 3 } });
    const owner = callerAs(fx.owner);
    const adminUser = await addMember({ tenantId: fx.tenant.id, role: "admin" });
    const admin = callerAs(adminUser);
    const { id } = await owner.rollouts.create({ tenantSlug: fx.tenant.slug, title: "Protect .env", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: fastStages, twoPersonRule: true });
    await expect(owner.rollouts.approve({ tenantSlug: fx.tenant.slug, id })).rejects.toThrow(/Two-person rule: .* proposed this rollout and cannot approve its prod stage/);

    await advanceRollout({ scope: fx.system, rolloutId: id });
    await checkinAll({ devices: fx.all });
    const newVersion = fx.devices.dev[0]!.currentVersion();
    expect(newVersion).not.toBe(fx.baselineVersion);
    // Only dev has it.
    expect([...fx.devices.staging, ...fx.devices.prod].every((d) => d.currentVersion() === fx.baselineVersion)).toBe(true);

    // dev passes; staging wave 1 (50% = 2 of 4 devices).
    await advanceRollout({ scope: fx.system, rolloutId: id });
    await checkinAll({ devices: fx.all });
    expect(fx.devices.staging.filter((d) => d.currentVersion() === newVersion)).toHaveLength(2);
    expect(fx.devices.prod.every((d) => d.currentVersion() === fx.baselineVersion)).toBe(true);
    // wave 2: the rest of staging; then staging passes and prod waits for approval.
    await advanceRollout({ scope: fx.system, rolloutId: id });
    await checkinAll({ devices: fx.all });
    const waiting = await advanceRollout({ scope: fx.system, rolloutId: id });
    expect(fx.devices.staging.every((d) => d.currentVersion() === newVersion)).toBe(true);
    expect(waiting).toMatchObject({ status: "active", stageStatus: "awaiting_approval" });
    expect(waiting.waitingFor).toMatch(/approval of the prod stage by admin other than the proposer/);
    expect(fx.devices.prod.every((d) => d.currentVersion() === fx.baselineVersion)).toBe(true);

    await expect(admin.rollouts.approve({ tenantSlug: fx.tenant.slug, id, comment: "reviewed" })).resolves.toMatchObject({ ring: "prod" });
    await advanceRollout({ scope: fx.system, rolloutId: id });
    await checkinAll({ devices: fx.all });
    const done = await advanceRollout({ scope: fx.system, rolloutId: id });
    expect(done.status).toBe("completed");
    expect(fx.all.every((d) => d.currentVersion() === newVersion)).toBe(true);

    const current = (await readCurrentPolicies({ scope: fx.scope })).sanctioned!;
    expect(current.version).toBe(fx.baseline.version + 1);
    expect(current.diff).toEqual([{ path: "permissions.deny", before: ["Bash(rm -rf:*)"], after: ["Bash(rm -rf:*)", "Read(./.env)"] }]);
    // Completing sent nothing more: every device already enforced exactly this bundle.
    const before = fx.all.map((d) => d.appliedVersions().length);
    await checkinAll({ devices: fx.all });
    expect(fx.all.map((d) => d.appliedVersions().length)).toEqual(before);

    const detail = await owner.rollouts.get({ tenantSlug: fx.tenant.slug, id });
    expect(detail.stages.map((s) => [s.ring, s.status, s.progress.attested, s.progress.failed])).toEqual([["dev", "passed", 2, 0], ["staging", "passed", 4, 0], ["prod", "passed", 3, 0]]);
    expect(detail.changes[0]).toMatchObject({ kind: "policy", target: "sanctioned", baseVersion: fx.baseline.version, version: fx.baseline.version + 1, revisionId: current.id });
    expect((await eventsOf({ fx, rolloutId: id })).map((e) => e.key)).toEqual([`rollout:${id}:stage:0:passed`, `rollout:${id}:stage:1:passed`, `rollout:${id}:stage:2:passed`]);
  });

  it("two workers stepping the same rollout at once never deliver or pass a stage twice", async () => {
    const fx = await createRolloutFixture({ counts: { dev: 3, staging: 2, prod: 2 } });
    const { id } = await callerAs(fx.owner).rollouts.create({ tenantSlug: fx.tenant.slug, title: "Concurrent", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: fastStages.map((s) => ({ ...s, approvalRole: null })) });
    for (let round = 0; round < 6; round++) {
      await Promise.all([advanceRollout({ scope: fx.system, rolloutId: id }), advanceRollout({ scope: fx.system, rolloutId: id })]);
      await checkinAll({ devices: fx.all });
    }
    const rollout = await fx.scope.db.rollout.findFirstOrThrow({ where: { id } });
    expect(rollout.status).toBe("completed");
    for (const d of fx.all) expect(d.appliedVersions()).toHaveLength(2); // baseline, then the new bundle: once
    const passed = await fx.scope.db.auditEntry.findMany({ where: { action: "rollout.stage_passed", targetId: id } });
    expect(passed.map((p) => (p.summary as { stage: number }).stage).sort()).toEqual([0, 1, 2]);
  });

  it("a worker stopped mid-stage and a new one started: the rollout continues from where it was", { timeout: 180_000 }, async () => {
    const fx = await createRolloutFixture({ counts: { dev: 2, staging: 2, prod: 2 } });
    process.env.MARSHAL_ROLLOUT_TICK_SECONDS = "1";
    registerJobs(registerRolloutJobs);
    await startJobs();
    const { id } = await callerAs(fx.owner).rollouts.create({ tenantSlug: fx.tenant.slug, title: "Restart", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: goodPolicy }], stages: fastStages.map((s) => ({ ...s, waves: [100], approvalRole: null })) });
    const waitFor = async (what: string, check: () => Promise<boolean>) => {
      for (let i = 0; i < 600; i++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`never happened: ${what}`);
    };
    const stage = (index: number) => fx.scope.db.rolloutStage.findFirstOrThrow({ where: { rolloutId: id, index } });
    await waitFor("dev delivered", async () => (await stage(0)).status === "soaking");
    // Stop the worker mid-stage (dev delivered, nobody attested yet).
    await stopJobs({ graceful: false });
    await checkinAll({ devices: fx.all });
    expect((await stage(0)).status).toBe("soaking");
    // A new worker picks it up (its startup sweep) and carries on.
    await startJobs();
    await waitFor("staging delivered", async () => (await stage(1)).status === "soaking");
    await checkinAll({ devices: fx.all });
    await waitFor("prod delivered", async () => (await stage(2)).status === "soaking");
    await stopJobs({ graceful: false });
    await startJobs();
    await checkinAll({ devices: fx.all });
    await waitFor("completed", async () => (await fx.scope.db.rollout.findFirstOrThrow({ where: { id } })).status === "completed");
    await stopJobs({ graceful: false });

    for (const d of fx.all) expect(d.appliedVersions()).toHaveLength(2);
    const audit = await fx.scope.db.auditEntry.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["rollout.created", "rollout.stage_started", "rollout.stage_passed", "rollout.stage_started", "rollout.stage_passed", "rollout.stage_started", "rollout.stage_passed", "rollout.completed"]);
    const events = await eventsOf({ fx, rolloutId: id });
    expect(events.map((e) => e.key)).toEqual([0, 1, 2].map((i) => `rollout:${id}:stage:${i}:passed`));
  });
});
