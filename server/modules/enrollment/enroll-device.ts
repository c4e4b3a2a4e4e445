/**
 * Enrollment (`POST /api/device/v1/enroll`): the enrollment token in the body is the credential. The token is
 * looked up by its sha256; unknown, revoked, expired or exhausted tokens are refused with a clear message and
 * nothing is written. A use is taken with a conditional update (`uses < maxUses`, not revoked, not expired) in
 * the same transaction as the device write, so concurrent enrollments never exceed maxUses.
 * The same machine (tenant + machineId) keeps one device row: re-enrolling replaces its key.
 */
import { AppError } from "@/server/errors";
import { forTenant } from "@/server/db";
import { resolveEnrollmentTokenByHash } from "@/server/db/devices";
import type { TEnrollRequest, TEnrollResponse } from "@/server/contracts/device";
import { appendAudit } from "../audit/append-audit";
import { hashSecretToken } from "../secret-token";
import { buildDeviceEvent, emitDeviceEvents } from "../devices/emit-device-event";
import { readCheckinInterval } from "../devices/read-checkin-interval";
import { enrollmentTokenStatus } from "./enrollment-token-status";

const REFUSALS = {
  revoked: "this enrollment token was revoked",
  expired: "this enrollment token has expired",
  exhausted: "this enrollment token has been used its maximum number of times",
} as const;

export async function enrollDeviceWithToken(options: { request: TEnrollRequest; now?: Date }): Promise<TEnrollResponse & { reenrolled: boolean }> {
  const req = options.request;
  const now = options.now ?? new Date();
  const token = await resolveEnrollmentTokenByHash({ tokenHash: hashSecretToken(req.token) });
  if (!token) throw new AppError("UNAUTHORIZED", "unknown enrollment token: check that it was copied whole");
  const status = enrollmentTokenStatus({ token, now });
  if (status !== "active") throw new AppError("FORBIDDEN", REFUSALS[status]);

  const db = forTenant(token.tenantId);
  const fields = {
    hostname: req.hostname,
    os: req.os,
    osVersion: req.osVersion,
    arch: req.arch,
    username: req.username,
    enrollerVersion: req.enrollerVersion,
    ring: token.ring,
    ownerPersonId: token.ownerPersonId,
    publicKey: req.publicKey,
    status: "active",
    enrolledAt: now,
    enrollmentTokenId: token.id,
  };
  // Order matters for throughput: the device row first (no contention between machines), then the token's use
  // (row lock on the token) and the audit entry (row lock on the tenant's chain head), so the serialised part
  // of concurrent enrollments is as short as possible. All of it commits or rolls back together.
  const result = await db.$transaction(
    async (tx) => {
      const existing = await tx.device.findFirst({ where: { machineId: req.machineId }, select: { id: true } });
      const device = existing
        ? await tx.device.update({ where: { id: existing.id }, data: { ...fields, inventoryHash: null }, select: { id: true, ring: true } })
        : await tx.device.create({ data: { tenantId: token.tenantId, machineId: req.machineId, ...fields }, select: { id: true, ring: true } });
      const taken = await tx.enrollmentToken.updateMany({
        where: { id: token.id, revokedAt: null, expiresAt: { gt: now }, uses: { lt: token.maxUses } },
        data: { uses: { increment: 1 } },
      });
      // PostgreSQL re-evaluates the condition on the locked row: the last use goes to exactly one request.
      if (taken.count !== 1) throw new AppError("FORBIDDEN", REFUSALS.exhausted);
      await appendAudit({
        db: tx,
        tenantId: token.tenantId,
        actor: { type: "device", id: device.id, label: `device ${req.hostname}` },
        action: existing ? "device.reenrolled" : "device.enrolled",
        target: { type: "device", id: device.id },
        summary: { hostname: req.hostname, os: req.os, ring: device.ring, enrollmentToken: token.name, enrollerVersion: req.enrollerVersion },
      });
      return { device, reenrolled: Boolean(existing) };
    },
    // A fleet rollout enrolls hundreds of machines at once; they queue on the token and the audit chain.
    { maxWait: 30_000, timeout: 30_000 },
  ).catch((error: unknown) => {
    // Two first enrollments of the same machine at once: the unique (tenantId, machineId) lets one win; the
    // other is told to retry (it then becomes a re-enrollment of the same row).
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "this machine is enrolling twice at the same time; retry");
    throw error;
  });

  await emitDeviceEvents({
    tenantId: token.tenantId,
    events: [
      buildDeviceEvent({
        type: "device.enrolled",
        device: { id: result.device.id, hostname: req.hostname, ownerPersonId: token.ownerPersonId },
        time: now,
        params: { os: req.os, osVersion: req.osVersion, arch: req.arch, ring: result.device.ring, reenrolled: result.reenrolled },
      }),
    ],
  });

  return {
    deviceId: result.device.id,
    tenantSlug: token.tenantSlug,
    ring: result.device.ring,
    checkinIntervalSec: readCheckinInterval({ settings: token.tenantSettings }),
    serverTime: new Date().toISOString(),
    reenrolled: result.reenrolled,
  };
}
