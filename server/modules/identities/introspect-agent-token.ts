/**
 * RFC 7662 token introspection for agent tokens: `{ active: false }` for anything not currently valid (bad
 * signature, unknown key, expired, another tenant's, revoked token or identity, locked out by a revocation), else
 * `{ active: true, ...claims }`. Reads the database on every call, so a revocation is seen at once.
 */
import { jwtVerify, decodeProtectedHeader, errors } from "jose";
import { env } from "@/server/env";
import type { TTenantScope } from "../tenant-scope";
import { AGENT_TOKEN_ALG, AGENT_TOKEN_AUDIENCE, AGENT_TOKEN_TYPE, ZAgentTokenClaims, agentTokenIssuer } from "./agent-token-claims";
import { findBlockingRevocation } from "./find-blocking-revocation";
import { isPublished, publicKeyFromJwk, type TPublicJwk } from "./signing-keys";

export type TIntrospection =
  | { active: false }
  | {
      active: true;
      token_type: "Bearer";
      scope: string;
      client_id: string;
      sub: string;
      aud: string | string[];
      iss: string;
      exp: number;
      iat: number;
      jti: string;
      act: { sub: string };
      tid: string;
      dev: string;
      pcl: string;
      prd: string;
      dlg?: string;
    };

const INACTIVE: TIntrospection = { active: false };

export async function introspectAgentToken(opts: { scope: TTenantScope; token: string; markUsed?: boolean }): Promise<TIntrospection> {
  const { db, tenantSlug } = opts.scope;
  if (typeof opts.token !== "string" || opts.token.length > 8192 || opts.token.split(".").length !== 3) return INACTIVE;
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(opts.token).kid;
  } catch {
    return INACTIVE;
  }
  if (!kid || kid.length > 100) return INACTIVE;
  const keyRow = await db.agentSigningKey.findFirst({ where: { id: kid } });
  if (!keyRow || !isPublished(keyRow)) return INACTIVE;
  let claims;
  try {
    const { payload } = await jwtVerify(opts.token, publicKeyFromJwk(keyRow.publicJwk as TPublicJwk), {
      algorithms: [AGENT_TOKEN_ALG],
      typ: AGENT_TOKEN_TYPE,
      issuer: agentTokenIssuer({ publicUrl: env().MARSHAL_PUBLIC_URL, tenantSlug }),
      audience: AGENT_TOKEN_AUDIENCE,
    });
    const parsed = ZAgentTokenClaims.safeParse(payload);
    if (!parsed.success) return INACTIVE;
    claims = parsed.data;
  } catch (err) {
    if (err instanceof errors.JOSEError) return INACTIVE;
    throw err;
  }
  const credential = await db.agentCredential.findFirst({ where: { id: claims.jti }, include: { identity: true } });
  if (!credential || credential.revokedAt || credential.identityId !== claims.sub) return INACTIVE;
  const identity = credential.identity;
  if (identity.status !== "active") return INACTIVE;
  const blocking = await findBlockingRevocation({ db, deviceId: identity.deviceId, personId: identity.personId, productSlug: identity.productSlug });
  if (blocking) return INACTIVE;
  if (opts.markUsed && (!identity.lastUsedAt || Date.now() - identity.lastUsedAt.getTime() > 60_000)) {
    await db.agentIdentity.update({ where: { id: identity.id }, data: { lastUsedAt: new Date() } });
  }
  return { active: true, token_type: "Bearer", ...claims };
}
