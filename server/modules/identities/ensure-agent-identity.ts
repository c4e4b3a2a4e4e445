/**
 * The identity an agent product uses on one device for one person (optionally delegated by a parent identity):
 * found or created. Refused while the identity, or any active revocation covering it (product, person, device,
 * tenant), says it is revoked: a stopped agent stays locked out until an admin restores the revocation.
 */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { findBlockingRevocation } from "./find-blocking-revocation";

export async function ensureAgentIdentity(opts: {
  scope: TTenantScope;
  deviceId: string;
  personId: string;
  productSlug: string;
  parentId?: string;
  installationId?: string;
  policyClass?: string;
  scopes?: string[];
}) {
  const { db, tenantId, actor } = opts.scope;
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(opts.productSlug)) throw new AppError("BAD_REQUEST", "productSlug must be a catalog slug such as claude-code");
  return db.$transaction(async (tx) => {
    const device = await tx.device.findFirst({ where: { id: opts.deviceId }, select: { id: true, publicKey: true } });
    if (!device || !device.publicKey) throw new AppError("NOT_FOUND", "Device not found or unenrolled");
    const person = await tx.person.findFirst({ where: { id: opts.personId }, select: { id: true, active: true, deletedAt: true } });
    if (!person || person.deletedAt) throw new AppError("NOT_FOUND", "Person not found");
    if (!person.active) throw new AppError("FORBIDDEN", "This person is deactivated: their agents get no credentials");
    if (opts.parentId) {
      const parent = await tx.agentIdentity.findFirst({ where: { id: opts.parentId }, select: { status: true, deviceId: true } });
      if (!parent) throw new AppError("NOT_FOUND", "Parent identity not found");
      if (parent.status !== "active") throw new AppError("FORBIDDEN", `The delegating identity is ${parent.status}`);
    }
    const blocking = await findBlockingRevocation({ db: tx, deviceId: opts.deviceId, personId: opts.personId, productSlug: opts.productSlug });
    if (blocking) throw new AppError("FORBIDDEN", `Locked out by revocation ${blocking.id} (${blocking.scopeLabel}: ${blocking.reason}); an admin must restore it`);
    const existing = await tx.agentIdentity.findFirst({
      where: { deviceId: opts.deviceId, personId: opts.personId, productSlug: opts.productSlug, parentId: opts.parentId ?? null },
      orderBy: { createdAt: "desc" },
    });
    if (existing) {
      if (existing.status !== "active") throw new AppError("FORBIDDEN", `This agent identity is ${existing.status}: ${existing.statusReason ?? "no reason recorded"}`);
      return existing;
    }
    const identity = await tx.agentIdentity.create({
      data: {
        tenantId,
        deviceId: opts.deviceId,
        personId: opts.personId,
        productSlug: opts.productSlug,
        parentId: opts.parentId ?? null,
        installationId: opts.installationId ?? null,
        policyClass: opts.policyClass ?? "default",
        scopes: opts.scopes ?? ["model:invoke"],
      },
    });
    await appendAudit({
      db: tx,
      tenantId,
      actor,
      action: "identity.created",
      target: { type: "agent_identity", id: identity.id },
      summary: { deviceId: identity.deviceId, personId: identity.personId, productSlug: identity.productSlug, parentId: identity.parentId },
    });
    return identity;
  });
}
