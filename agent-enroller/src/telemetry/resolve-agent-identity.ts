/**
 * Which agent identity (and person) telemetry from a product on this device belongs to: the identity whose token the
 * device holds for that product (src/identity/agent-credential-store.ts). The token's claims name the identity as
 * `sub` and the person as `act.sub` (RFC 8693 section 4.1); the enroller reads its own token, no verification needed.
 * Answers are cached per product (a miss, e.g. a locked-out product or an unreachable server, for `missTtlMs`) so a
 * burst of telemetry never turns into a burst of credential requests; a miss leaves the events without identity
 * rather than holding them back.
 */
import type { TAgentIdentityRef } from "./enrich-telemetry-events";

export type TTokenSource = { getToken(p: { productSlug: string }): Promise<{ token: string; identityId: string; expiresAt: number }> };

export function readAgentTokenClaims(token: string): TAgentIdentityRef | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown; act?: { sub?: unknown } };
    if (typeof claims.sub !== "string") return undefined;
    return { identityId: claims.sub, ...(typeof claims.act?.sub === "string" ? { personId: claims.act.sub } : {}) };
  } catch {
    return undefined;
  }
}

export function createAgentIdentityResolver(opts: { credentials: TTokenSource; missTtlMs?: number; timeoutMs?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { value: TAgentIdentityRef | undefined; until: number }>();
  return async ({ productSlug }: { productSlug: string }): Promise<TAgentIdentityRef | undefined> => {
    const hit = cache.get(productSlug);
    if (hit && hit.until > now()) return hit.value;
    let value: TAgentIdentityRef | undefined;
    let until = now() + (opts.missTtlMs ?? 60_000);
    try {
      const held = await Promise.race([
        opts.credentials.getToken({ productSlug }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), opts.timeoutMs ?? 5_000).unref()),
      ]);
      const claims = readAgentTokenClaims(held.token);
      value = { identityId: held.identityId, ...(claims?.personId ? { personId: claims.personId } : {}) };
      until = held.expiresAt;
    } catch {
      value = undefined;
    }
    cache.set(productSlug, { value, until });
    return value;
  };
}
