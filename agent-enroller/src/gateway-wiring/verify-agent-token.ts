/**
 * The gateway's `authenticate`: verifies an agent token the way the architecture describes it (RFC 9068 access
 * token, EdDSA over the tenant's key from its JWKS, RFC 7517): signature, `typ` at+jwt, audience "marshal-gateway",
 * issuer `<console>/api/agents/<tenantSlug>`, expiry (30 s leeway), and that it was issued to THIS device (`dev`)
 * in THIS tenant. Then the device's own lock-outs are checked (the enroller's one AgentCredentialStore, locked by the
 * server's pushed `revoke` commands, unlocked by `restore`). The JWKS is fetched from the server, kept in memory,
 * refreshed every 10 minutes and at once (at most every 10 s) when a token names an unknown `kid`.
 * The enroller's only agent-token verifier.
 */
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from "jose";
import type { TAgentPrincipal } from "../gateway/gateway-types";

/** What the verifier asks after the signature holds: is this identity or product locked out on this device? */
export type TRevocationCheck = { isRevoked(p: { identityId: string; productSlug: string | null }): boolean };

export type TVerifiedAgent = { principal: TAgentPrincipal; productSlug: string | null; jti: string | null; expiresAt: number };

export interface AgentTokenVerifier {
  verify(token: string): Promise<TVerifiedAgent | null>;
}

const REFRESH_MS = 10 * 60_000;
const MIN_REFETCH_MS = 10_000;

export function createAgentTokenVerifier(opts: {
  tenantSlug: string;
  deviceId: string;
  fetchJwks: () => Promise<{ keys: unknown[] }>;
  revocations: TRevocationCheck;
  now?: () => number;
}): AgentTokenVerifier {
  const now = opts.now ?? Date.now;
  let keySet: ReturnType<typeof createLocalJWKSet> | null = null;
  let fetchedAt = 0;
  let inflight: Promise<void> | null = null;

  function load(): Promise<void> {
    inflight ??= opts
      .fetchJwks()
      .then((jwks) => {
        keySet = createLocalJWKSet(jwks as JSONWebKeySet);
        fetchedAt = now();
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  const issuerSuffix = `/api/agents/${opts.tenantSlug}`;

  async function verifyOnce(token: string) {
    const { payload } = await jwtVerify(token, keySet!, { audience: "marshal-gateway", algorithms: ["EdDSA"], typ: "at+jwt", clockTolerance: 30, currentDate: new Date(now()) });
    return payload;
  }

  return {
    async verify(token) {
      if (!keySet || now() - fetchedAt > REFRESH_MS) await load();
      let payload;
      try {
        payload = await verifyOnce(token);
      } catch (err) {
        if (err instanceof errors.JWKSNoMatchingKey && now() - fetchedAt > MIN_REFETCH_MS) {
          await load(); // the tenant rotated its key
          try {
            payload = await verifyOnce(token);
          } catch (again) {
            if (again instanceof errors.JOSEError) return null;
            throw again;
          }
        } else if (err instanceof errors.JOSEError) {
          return null;
        } else {
          throw err;
        }
      }
      if (typeof payload.iss !== "string" || !payload.iss.endsWith(issuerSuffix)) return null;
      if (payload.dev !== opts.deviceId) return null; // a token issued to another device is not accepted here
      const act = payload.act as { sub?: unknown } | undefined;
      if (typeof payload.sub !== "string" || typeof act?.sub !== "string" || typeof payload.tid !== "string") return null;
      const productSlug = typeof payload.prd === "string" ? payload.prd : null;
      if (opts.revocations.isRevoked({ identityId: payload.sub, productSlug })) return null;
      return {
        principal: {
          tenantId: payload.tid,
          identityId: payload.sub,
          personId: act.sub,
          deviceId: opts.deviceId,
          ...(typeof payload.pcl === "string" ? { policyClass: payload.pcl } : {}),
        },
        productSlug,
        jti: typeof payload.jti === "string" ? payload.jti : null,
        expiresAt: (payload.exp ?? 0) * 1000,
      };
    },
  };
}
