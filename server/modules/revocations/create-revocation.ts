/**
 * The kill switch. In one transaction: the Revocation row, every matched identity (and delegated child) revoked
 * with its chain recorded, their outstanding tokens revoked (introspection says so at once), one `revoke`
 * command and one RevocationTarget (pending) per reachable device, and the audit entry. After the commit the
 * commands are fanned out to connected devices and the lifecycle events are emitted. Bad input, a scope that
 * matches nothing, or an overlapping active revocation of the same scope are refused before anything is written.
 *
 * Callers: the console and REST (`POST /api/v1/revocations`), SCIM deactivation (trigger "scim"), the SIEM/SOAR
 * webhook (trigger "siem"), budget enforcement (trigger "budget").
 */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { enqueueDeviceCommands } from "../commands/enqueue-device-commands";
import { publishDeviceCommands } from "../commands/publish-device-commands";
import { emitKillSwitchEvents, type TKillSwitchEvent } from "./emit-kill-switch-events";
import { resolveRevocationImpact, revokePayloadFor } from "./resolve-revocation-impact";
import { ZCreateRevocationInput, type TCreateRevocationInput, type TRevocationScope, type TRevocationTrigger } from "./revocation-schemas";

const CHUNK = 2000;

export type TCreatedRevocation = {
  id: string;
  scopeType: string;
  scopeId: string | null;
  scopeLabel: string;
  reason: string;
  trigger: TRevocationTrigger;
  createdAt: Date;
  identitiesRevoked: number;
  devicesTargeted: number;
};

export async function createRevocation(opts: {
  scope: TTenantScope;
  target: TRevocationScope;
  reason: string;
  trigger: TRevocationTrigger;
  triggerRef?: string;
}): Promise<TCreatedRevocation> {
  const parsed = ZCreateRevocationInput.safeParse({ target: opts.target, reason: opts.reason, trigger: opts.trigger, triggerRef: opts.triggerRef });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${i?.path.join(".") || "input"}: ${i?.message}`);
  }
  const input = parsed.data;
  const { db, tenantId, actor } = opts.scope;

  const result = await db.$transaction(
    async (tx) => {
      // Serialise revocations per tenant (the audit append locks the tenant row too): two clicks cannot interleave.
      await tx.tenant.update({ where: { id: tenantId }, data: { auditSeq: { increment: 0 } } });
      if (input.target.type !== "identity") {
        const overlapping = await tx.revocation.findFirst({
          where: { status: "active", scopeType: input.target.type, scopeId: input.target.id ?? null },
          select: { id: true },
        });
        if (overlapping) throw new AppError("CONFLICT", `This ${input.target.type} is already revoked (revocation ${overlapping.id}); restore it first to revoke it again`);
      }
      const impact = await resolveRevocationImpact({ db: tx, target: input.target });
      if (impact.identities.length === 0 && impact.devices.length === 0) {
        throw new AppError("UNPROCESSABLE", `Nothing to revoke: ${impact.scopeLabel} has no active agent identities and no enrolled devices`);
      }
      const now = new Date();
      const revocation = await tx.revocation.create({
        data: {
          tenantId,
          scopeType: input.target.type,
          scopeId: input.target.id ?? null,
          scopeLabel: impact.scopeLabel,
          reason: input.reason,
          trigger: input.trigger,
          triggerRef: input.triggerRef ?? null,
          actorType: actor.type,
          actorId: actor.id,
          actorLabel: actor.label,
        },
      });
      const identityIds = impact.identities.map((i) => i.id);
      // Chunked: PostgreSQL takes at most 65,535 bind parameters per statement.
      for (let i = 0; i < identityIds.length; i += CHUNK) {
        const part = identityIds.slice(i, i + CHUNK);
        await tx.revocationIdentity.createMany({
          data: impact.identities.slice(i, i + CHUNK).map((x) => ({ tenantId, revocationId: revocation.id, identityId: x.id, viaId: x.viaId, depth: x.depth, previousStatus: x.status })),
        });
        await tx.agentIdentity.updateMany({ where: { id: { in: part } }, data: { status: "revoked", revokedAt: now, statusReason: `revoked: ${input.reason}` } });
        await tx.agentCredential.updateMany({ where: { identityId: { in: part }, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
      }
      const commands = await enqueueDeviceCommands({
        scope: opts.scope,
        tx,
        commands: impact.devices.map((device) => ({
          deviceId: device.deviceId,
          type: "revoke",
          payload: revokePayloadFor({ revocationId: revocation.id, reason: input.reason, device }),
        })),
      });
      for (let i = 0; i < commands.length; i += CHUNK) {
        await tx.revocationTarget.createMany({
          data: commands.slice(i, i + CHUNK).map((c) => ({ tenantId, revocationId: revocation.id, deviceId: c.deviceId, commandId: c.id })),
        });
      }
      await appendAudit({
        db: tx,
        tenantId,
        actor,
        action: "revocation.created",
        target: { type: "revocation", id: revocation.id },
        summary: {
          scope: input.target,
          scopeLabel: impact.scopeLabel,
          reason: input.reason,
          trigger: input.trigger,
          triggerRef: input.triggerRef ?? null,
          identities: identityIds.length,
          cascaded: impact.identities.filter((i) => i.depth > 0).length,
          devices: commands.length,
        },
      });
      return { revocation, impact, commands };
    },
    { timeout: 120_000, maxWait: 20_000 },
  );

  await publishDeviceCommands({ tenantId, commands: result.commands });
  const { revocation, impact } = result;
  const at = revocation.createdAt;
  const events: TKillSwitchEvent[] = [
    {
      type: "revocation.created",
      tenantId,
      at,
      revocationId: revocation.id,
      actor,
      outcome: "success",
      detail: { scope: input.target, reason: input.reason, trigger: input.trigger, triggerRef: input.triggerRef ?? null, devices: result.commands.length, identities: impact.identities.length },
    },
    ...impact.identities.map(
      (i): TKillSwitchEvent => ({
        type: "identity.revoked",
        tenantId,
        at,
        revocationId: revocation.id,
        identityId: i.id,
        personId: i.personId,
        deviceId: i.deviceId,
        actor,
        outcome: "success",
        detail: { productSlug: i.productSlug, viaIdentityId: i.viaId, depth: i.depth },
      }),
    ),
  ];
  await emitKillSwitchEvents({ events });
  return {
    id: revocation.id,
    scopeType: revocation.scopeType,
    scopeId: revocation.scopeId,
    scopeLabel: revocation.scopeLabel,
    reason: revocation.reason,
    trigger: input.trigger,
    createdAt: revocation.createdAt,
    identitiesRevoked: impact.identities.length,
    devicesTargeted: result.commands.length,
  };
}

export type { TCreateRevocationInput };
