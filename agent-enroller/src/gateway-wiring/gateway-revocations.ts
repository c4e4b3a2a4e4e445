/**
 * What the gateway refuses at once, as pushed by the server's `revoke` commands (kill switch): identities by id,
 * agent products by slug, or every agent on the device; a `restore` command lifts the revocation it names. The
 * shape matches the enroller's command environment (`TCommandEnv["credentials"]`), so the service loop can hand the
 * same commands to it.
 */
export interface GatewayRevocations {
  revoke(p: { revocationId: string; productSlugs: string[]; allAgents: boolean; identityIds: string[] }): number;
  restore(p: { revocationId: string }): number;
  isRevoked(p: { identityId: string; productSlug: string | null }): boolean;
}

export function createGatewayRevocations(): GatewayRevocations {
  const orders = new Map<string, { productSlugs: Set<string>; allAgents: boolean; identityIds: Set<string> }>();
  return {
    revoke({ revocationId, productSlugs, allAgents, identityIds }) {
      orders.set(revocationId, { productSlugs: new Set(productSlugs), allAgents, identityIds: new Set(identityIds) });
      return identityIds.length + productSlugs.length + (allAgents ? 1 : 0);
    },
    restore({ revocationId }) {
      return orders.delete(revocationId) ? 1 : 0;
    },
    isRevoked({ identityId, productSlug }) {
      for (const o of orders.values()) {
        if (o.allAgents || o.identityIds.has(identityId) || (productSlug !== null && o.productSlugs.has(productSlug))) return true;
      }
      return false;
    },
  };
}
