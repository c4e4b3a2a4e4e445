/**
 * The gateway's `authenticate(agentToken)`: verifies the token against the tenant's JWKS (jose remote JWK set,
 * refetched on an unknown kid), issuer, audience, `typ: at+jwt`, expiry; then the device's own revocation check
 * (identities and products locked by a revoke command). Null refuses the request.
 */
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import type { TAgentPrincipal } from "../gateway/gateway-types";

export function createAgentTokenVerifier(opts: { issuer: string; jwksUrl: string; isRevoked: (p: { identityId: string; productSlug: string }) => boolean }) {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  return async function authenticate(token: string): Promise<TAgentPrincipal | null> {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: opts.issuer, audience: "marshal-gateway", algorithms: ["EdDSA"], typ: "at+jwt" });
      const act = payload.act as { sub?: unknown } | undefined;
      if (typeof payload.sub !== "string" || typeof act?.sub !== "string" || typeof payload.tid !== "string" || typeof payload.dev !== "string") return null;
      const productSlug = typeof payload.prd === "string" ? payload.prd : "";
      if (opts.isRevoked({ identityId: payload.sub, productSlug })) return null;
      return {
        tenantId: payload.tid,
        identityId: payload.sub,
        personId: act.sub,
        deviceId: payload.dev,
        ...(typeof payload.pcl === "string" ? { policyClass: payload.pcl } : {}),
      };
    } catch (err) {
      if (err instanceof errors.JOSEError) return null;
      throw err;
    }
  };
}
