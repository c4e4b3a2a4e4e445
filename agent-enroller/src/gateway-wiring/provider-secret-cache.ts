/**
 * The gateway's `getProviderSecret`: the tenant's real vendor credential, fetched from the server over the device
 * protocol for the calling identity, kept in this process's memory only (never on disk, never logged) until the
 * server's TTL runs out (capped at `maxTtlMs`). One fetch at a time per (identity, provider); a failed fetch is not
 * cached. `drop()` forgets everything (kill switch, unenroll).
 */
import type { TModelProvider } from "../../../server/contracts/pricing";
import type { TDeviceSecretResponse } from "../../../server/contracts/gateway-protocol";
import type { TProviderSecret } from "../gateway/gateway-types";

export interface ProviderSecretCache {
  get(p: { provider: TModelProvider; identityId: string }): Promise<TProviderSecret>;
  drop(p?: { identityId?: string }): void;
  readonly size: number;
}

export function createProviderSecretCache(opts: {
  fetchSecret: (p: { identityId: string; provider: TModelProvider }) => Promise<TDeviceSecretResponse>;
  maxTtlMs?: number;
  now?: () => number;
}): ProviderSecretCache {
  const now = opts.now ?? Date.now;
  const maxTtl = opts.maxTtlMs ?? 5 * 60_000;
  const entries = new Map<string, { secret: TProviderSecret; expiresAt: number; identityId: string }>();
  const inflight = new Map<string, Promise<TProviderSecret>>();
  const keyOf = (identityId: string, provider: string) => `${identityId}\u0000${provider}`;

  return {
    get({ provider, identityId }) {
      const key = keyOf(identityId, provider);
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return Promise.resolve(hit.secret);
      if (hit) entries.delete(key);
      let p = inflight.get(key);
      if (!p) {
        p = opts
          .fetchSecret({ identityId, provider })
          .then((r) => {
            const secret = { headerName: r.headerName, value: r.value };
            entries.set(key, { secret, expiresAt: now() + Math.min(r.ttlSec * 1000, maxTtl), identityId });
            return secret;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      return p;
    },
    drop(p) {
      if (!p?.identityId) return entries.clear();
      for (const [k, e] of entries) if (e.identityId === p.identityId) entries.delete(k);
    },
    get size() {
      return entries.size;
    },
  };
}
