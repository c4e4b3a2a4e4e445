import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";

/** One identity: its credentials (never the tokens), delegation parent/children, last use and history. */
export async function getIdentity(opts: { scope: TTenantScope; id: string }) {
  const { db } = opts.scope;
  const identity = await db.agentIdentity.findFirst({
    where: { id: opts.id },
    include: {
      device: { select: { id: true, hostname: true } },
      person: { select: { id: true, userName: true, displayName: true, active: true } },
      parent: { select: { id: true, productSlug: true, status: true } },
      children: { select: { id: true, productSlug: true, status: true }, take: 200 },
    },
  });
  if (!identity) throw new AppError("NOT_FOUND", "Agent identity not found");
  const [credentials, revocations, audit] = await Promise.all([
    db.agentCredential.findMany({ where: { identityId: identity.id }, orderBy: { issuedAt: "desc" }, take: 50, select: { id: true, keyId: true, issuedAt: true, expiresAt: true, revokedAt: true } }),
    db.revocationIdentity.findMany({
      where: { identityId: identity.id },
      include: { revocation: { select: { id: true, scopeLabel: true, reason: true, trigger: true, status: true, createdAt: true, restoredAt: true, actorLabel: true } } },
      take: 50,
    }),
    db.auditEntry.findMany({ where: { targetType: "agent_identity", targetId: identity.id }, orderBy: { seq: "desc" }, take: 50, select: { at: true, action: true, actorLabel: true, summary: true } }),
  ]);
  const now = Date.now();
  const history = [
    { at: identity.createdAt, what: "created", detail: `for ${identity.person?.displayName ?? identity.person?.userName ?? "?"} on ${identity.device.hostname}` },
    ...revocations.flatMap((r) => [
      { at: r.revocation.createdAt, what: "revoked", detail: `${r.revocation.scopeLabel}: ${r.revocation.reason} (${r.revocation.trigger}, by ${r.revocation.actorLabel})${r.depth > 0 ? ` — cascaded from ${r.viaId}` : ""}` },
      ...(r.revocation.restoredAt ? [{ at: r.revocation.restoredAt, what: "restored", detail: `revocation ${r.revocation.id}` }] : []),
    ]),
    ...audit.filter((a) => a.action !== "identity.created").map((a) => ({ at: a.at, what: a.action, detail: a.actorLabel })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    id: identity.id,
    productSlug: identity.productSlug,
    status: identity.status,
    statusReason: identity.statusReason,
    policyClass: identity.policyClass,
    scopes: identity.scopes,
    device: identity.device,
    person: identity.person ? { id: identity.person.id, name: identity.person.displayName ?? identity.person.userName, active: identity.person.active } : null,
    parent: identity.parent,
    children: identity.children,
    createdAt: identity.createdAt,
    lastIssuedAt: identity.lastIssuedAt,
    lastUsedAt: identity.lastUsedAt,
    revokedAt: identity.revokedAt,
    credentials: credentials.map((c) => ({ jti: c.id, keyId: c.keyId, issuedAt: c.issuedAt, expiresAt: c.expiresAt, revokedAt: c.revokedAt, live: !c.revokedAt && c.expiresAt.getTime() > now })),
    history,
  };
}
