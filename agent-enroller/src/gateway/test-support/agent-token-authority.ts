/**
 * A tenant token authority for gateway tests: issues short-lived agent JWTs (EdDSA) with the claims the architecture
 * describes (subject = agent identity, `act.sub` = person, device, project, business unit, environment) and verifies
 * them the way a device would (signature against the tenant's public key, issuer, audience, expiry), plus a revocation
 * list. It is the real verification path with jose, not a look-alike, so forged and expired tokens are refused for
 * the right reason.
 */
import { SignJWT, errors, generateKeyPair, jwtVerify } from "jose";
import type { TAgentPrincipal } from "../gateway-types";

const ISSUER = "marshal:test-tenant";
const AUDIENCE = "marshal-gateway";

export interface AgentTokenAuthority {
  issue(p: { principal: TAgentPrincipal; expiresInSeconds?: number }): Promise<string>;
  /** Same claims, signed by a key the gateway does not trust. */
  forge(p: { principal: TAgentPrincipal }): Promise<string>;
  authenticate(token: string): Promise<TAgentPrincipal | null>;
  revoke(p: { identityId: string }): void;
}

export async function createAgentTokenAuthority(): Promise<AgentTokenAuthority> {
  const tenantKey = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const foreignKey = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const revoked = new Set<string>();

  async function sign(principal: TAgentPrincipal, key: CryptoKey, expiresInSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      tid: principal.tenantId,
      act: { sub: principal.personId },
      dev: principal.deviceId,
      ...(principal.project ? { prj: principal.project } : {}),
      ...(principal.businessUnit ? { bu: principal.businessUnit } : {}),
      ...(principal.environment ? { env: principal.environment } : {}),
    })
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT" })
      .setSubject(principal.identityId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(key);
  }

  return {
    issue: ({ principal, expiresInSeconds = 300 }) => sign(principal, tenantKey.privateKey, expiresInSeconds),
    forge: ({ principal }) => sign(principal, foreignKey.privateKey, 300),
    async authenticate(token) {
      try {
        const { payload } = await jwtVerify(token, tenantKey.publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["EdDSA"] });
        if (!payload.sub || revoked.has(payload.sub)) return null;
        const act = payload.act as { sub?: string } | undefined;
        return {
          tenantId: String(payload.tid),
          identityId: payload.sub,
          personId: String(act?.sub),
          deviceId: String(payload.dev),
          ...(typeof payload.prj === "string" ? { project: payload.prj } : {}),
          ...(typeof payload.bu === "string" ? { businessUnit: payload.bu } : {}),
          ...(typeof payload.env === "string" ? { environment: payload.env } : {}),
        };
      } catch (err) {
        if (err instanceof errors.JOSEError) return null;
        throw err;
      }
    },
    revoke: ({ identityId }) => {
      revoked.add(identityId);
    },
  };
}
