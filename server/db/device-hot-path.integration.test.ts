/**
 * The micro-batched hot path of device requests (server/db/devices.ts consumeDeviceNonce, server/db/identities.ts
 * recordDeliveredAck): batching must keep replay refusal, key checks, tenant matching and idempotent acks.
 */
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createTestTenant } from "@/test/support/tenants";
import { addDevice } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import { rootDb } from "./client";
import { consumeDeviceNonce, consumeDeviceNonces, resolveDeviceById } from "./devices";
import { claimCommandsForSend, recordDeliveredAck, recordDeliveredAcks } from "./identities";

const soon = () => new Date(Date.now() + 90_000);

describe("consumeDeviceNonces (one statement for many requests)", () => {
  it("accepts a nonce once: a repeat in the same batch, or in a later one, is a replay; a wrong key or unknown device gets nothing", async () => {
    const { scope } = await createTestTenant("Nonce batch");
    const device = await addDevice({ scope });
    const { publicKey } = (await resolveDeviceById({ deviceId: device.id }))!;
    const jti = randomUUID();
    const results = await consumeDeviceNonces([
      { deviceId: device.id, publicKey: publicKey!, jti, expiresAt: soon() },
      { deviceId: device.id, publicKey: publicKey!, jti, expiresAt: soon() },
      { deviceId: device.id, publicKey: "not-the-key", jti: randomUUID(), expiresAt: soon() },
      { deviceId: "no-such-device", publicKey: publicKey!, jti: randomUUID(), expiresAt: soon() },
      { deviceId: device.id, publicKey: publicKey!, jti: randomUUID(), expiresAt: soon() },
    ]);
    expect(results.map((r) => r && r.fresh)).toEqual([true, false, null, null, true]);
    expect(results[0]!.device).toMatchObject({ id: device.id, tenantId: scope.tenantId, status: "active" });
    const again = await consumeDeviceNonce({ deviceId: device.id, publicKey: publicKey!, jti, expiresAt: soon() });
    expect(again?.fresh).toBe(false);
  });

  it("under concurrency every distinct nonce is accepted exactly once and every repeat refused", async () => {
    const { scope } = await createTestTenant("Nonce concurrent");
    const device = await addDevice({ scope });
    const { publicKey } = (await resolveDeviceById({ deviceId: device.id }))!;
    const jtis = Array.from({ length: 60 }, () => randomUUID());
    const all = [...jtis, ...jtis].map((jti) => consumeDeviceNonce({ deviceId: device.id, publicKey: publicKey!, jti, expiresAt: soon() }));
    const results = await Promise.all(all);
    const freshPerJti = new Map<string, number>();
    [...jtis, ...jtis].forEach((jti, i) => freshPerJti.set(jti, (freshPerJti.get(jti) ?? 0) + (results[i]!.fresh ? 1 : 0)));
    expect([...freshPerJti.values()].every((n) => n === 1)).toBe(true);
    expect(await rootDb().deviceNonce.count({ where: { deviceId: device.id } })).toBe(60);
  });

  it("refuses a device whose key was replaced, even with a nonce never seen", async () => {
    const { scope } = await createTestTenant("Nonce rekey");
    const device = await addDevice({ scope });
    const { publicKey } = (await resolveDeviceById({ deviceId: device.id }))!;
    await scope.db.device.update({ where: { id: device.id }, data: { publicKey: "replaced-key" } });
    expect(await consumeDeviceNonce({ deviceId: device.id, publicKey: publicKey!, jti: randomUUID(), expiresAt: soon() })).toBeNull();
    expect(await rootDb().deviceNonce.count({ where: { deviceId: device.id } })).toBe(0);
  });
});

describe("recordDeliveredAcks (one statement for many delivery acks)", () => {
  async function revokedFleet(n: number) {
    const t = await createTestTenant("Ack batch");
    const devices = await Promise.all(Array.from({ length: n }, () => addDevice({ scope: t.scope })));
    const revocation = await createRevocation({ scope: t.scope, target: { type: "tenant" }, reason: "batched ack test", trigger: "manual" });
    const commands = await t.scope.db.deviceCommand.findMany({ where: { type: "revoke" }, select: { id: true, deviceId: true } });
    return { ...t, devices, revocation, commands };
  }

  it("marks each sent command and its revocation target delivered once; repeats, never-sent, other devices' and other tenants' commands change nothing", async () => {
    const a = await revokedFleet(4);
    const b = await createTestTenant("Ack other tenant");
    const [c0, c1, c2, c3] = a.commands as [{ id: string; deviceId: string }, { id: string; deviceId: string }, { id: string; deviceId: string }, { id: string; deviceId: string }];
    await claimCommandsForSend({ tenantId: a.tenant.id, ids: [c0.id, c1.id, c2.id] }); // c3 never sent
    const at = new Date();
    const results = await recordDeliveredAcks([
      { tenantId: a.tenant.id, deviceId: c0.deviceId, commandId: c0.id, at },
      { tenantId: a.tenant.id, deviceId: c0.deviceId, commandId: c0.id, at }, // the same ack twice
      { tenantId: a.tenant.id, deviceId: c2.deviceId, commandId: c1.id, at }, // another device's command
      { tenantId: b.tenant.id, deviceId: c2.deviceId, commandId: c2.id, at }, // another tenant naming it
      { tenantId: a.tenant.id, deviceId: c3.deviceId, commandId: c3.id, at }, // never sent
    ]);
    expect(results).toEqual([{ revocationId: a.revocation.id }, null, null, null, null]);
    const targets = await a.scope.db.revocationTarget.findMany({ where: { revocationId: a.revocation.id }, select: { commandId: true, status: true } });
    const statusOf = (id: string) => targets.find((t) => t.commandId === id)?.status;
    expect([statusOf(c0.id), statusOf(c1.id), statusOf(c2.id), statusOf(c3.id)]).toEqual(["delivered", "pending", "pending", "pending"]);
    const commands = await a.scope.db.deviceCommand.findMany({ where: { id: { in: [c0.id, c1.id, c2.id, c3.id] } }, select: { id: true, status: true, deliveredAt: true } });
    expect(commands.find((c) => c.id === c0.id)).toMatchObject({ status: "delivered" });
    expect(commands.find((c) => c.id === c0.id)!.deliveredAt!.getTime()).toBe(at.getTime());
    expect(commands.filter((c) => c.status === "pending").map((c) => c.id).sort()).toEqual([c1.id, c2.id, c3.id].sort());
    // Acked again later: nothing changes, the caller is told so (null) and answers from the careful path.
    expect(await recordDeliveredAck({ tenantId: a.tenant.id, deviceId: c0.deviceId, commandId: c0.id, at: new Date() })).toBeNull();
  });

  it("concurrent acks of a whole fleet (batched) each land exactly once", async () => {
    const a = await revokedFleet(30);
    await claimCommandsForSend({ tenantId: a.tenant.id, ids: a.commands.map((c) => c.id) });
    const acks = [...a.commands, ...a.commands].map((c) => recordDeliveredAck({ tenantId: a.tenant.id, deviceId: c.deviceId, commandId: c.id, at: new Date() }));
    const results = await Promise.all(acks);
    expect(results.filter((r) => r !== null)).toHaveLength(30);
    expect(await a.scope.db.revocationTarget.count({ where: { revocationId: a.revocation.id, status: "delivered" } })).toBe(30);
  });
});
