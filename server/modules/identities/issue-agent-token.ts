/**
 * Issues a short-lived agent token (≤ 15 minutes) for an active identity, recording its jti so introspection
 * and revocation see it at once. Claims and format: agent-token-claims.ts.
 */
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { AppError } from "@/server/errors";
import { env } from "@/server/env";
import type { TTenantScope } from "../tenant-scope";
import { emitKillSwitchEvents } from "../revocations/emit-kill-switch-events";
import { AGENT_TOKEN_ALG, AGENT_TOKEN_AUDIENCE, AGENT_TOKEN_TYPE, DEFAULT_AGENT_TOKEN_LIFETIME_SEC, MAX_AGENT_TOKEN_LIFETIME_SEC, agentTokenIssuer } from "./agent-token-claims";
import { findBlockingRevocation } from "./find-blocking-revocation";
import { activeSigningKey } from "./signing-keys";

export type TIssuedAgentToken = { token: string; tokenType: "Bearer"; jti: string; kid: string; identityId: string; issuedAt: Date; expiresAt: Date; expiresIn: number };

export async function issueAgentToken(opts: { scope: TTenantScope; identityId: string; lifetimeSec?: number; deviceId?: string }): Promise<TIssuedAgentToken> {
  const lifetime = opts.lifetimeSec ?? DEFAULT_AGENT_TOKEN_LIFETIME_SEC;
  if (!Number.isInteger(lifetime) || lifetime < 30 || lifetime > MAX_AGENT_TOKEN_LIFETIME_SEC) {
    throw new AppError("BAD_REQUEST", `token lifetime must be 30 to ${MAX_AGENT_TOKEN_LIFETIME_SEC} seconds`);
  }
  const { db, tenantId, tenantSlug } = opts.scope;
  const identity = await db.agentIdentity.findFirst({ where: { id: opts.identityId } });
  if (!identity) throw new AppError("NOT_FOUND", "Agent identity not found");
  if (opts.deviceId && identity.deviceId !== opts.deviceId) throw new AppError("NOT_FOUND", "Agent identity not found");
  if (identity.status !== "active") throw new AppError("FORBIDDEN", `This agent identity is ${identity.status}: ${identity.statusReason ?? ""}`.trim());
  if (!identity.personId) throw new AppError("CONFLICT", "This identity acts for nobody (its person was deleted); it cannot get tokens");
  const blocking = await findBlockingRevocation({ db, deviceId: identity.deviceId, personId: identity.personId, productSlug: identity.productSlug });
  if (blocking) throw new AppError("FORBIDDEN", `Locked out by revocation ${blocking.id} (${blocking.scopeLabel}: ${blocking.reason})`);

  const key = await activeSigningKey({ scope: opts.scope });
  const jti = randomBytes(16).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = new Date(now * 1000);
  const expiresAt = new Date((now + lifetime) * 1000);
  const token = await new SignJWT({
    client_id: `agent:${identity.productSlug}`,
    scope: identity.scopes.join(" "),
    act: { sub: identity.personId },
    tid: tenantId,
    dev: identity.deviceId,
    pcl: identity.policyClass,
    prd: identity.productSlug,
    ...(identity.parentId ? { dlg: identity.parentId } : {}),
  })
    .setProtectedHeader({ alg: AGENT_TOKEN_ALG, typ: AGENT_TOKEN_TYPE, kid: key.kid })
    .setIssuer(agentTokenIssuer({ publicUrl: env().MARSHAL_PUBLIC_URL, tenantSlug }))
    .setAudience(AGENT_TOKEN_AUDIENCE)
    .setSubject(identity.id)
    .setJti(jti)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .sign(key.privateKey);
  // Recorded before it is handed out: introspection of any token we issued finds its row.
  await db.$transaction([
    db.agentCredential.create({ data: { id: jti, tenantId, identityId: identity.id, keyId: key.kid, issuedAt, expiresAt } }),
    db.agentIdentity.update({ where: { id: identity.id }, data: { lastIssuedAt: issuedAt } }),
  ]);
  await emitKillSwitchEvents({
    events: [{ type: "identity.issued", tenantId, at: issuedAt, identityId: identity.id, personId: identity.personId, deviceId: identity.deviceId, outcome: "success", detail: { jti, kid: key.kid, expiresAt: expiresAt.toISOString() } }],
  });
  return { token, tokenType: "Bearer", jti, kid: key.kid, identityId: identity.id, issuedAt, expiresAt, expiresIn: lifetime };
}
