/**
 * The agent tokens this device holds for its agents: obtained from the console, renewed before they expire, kept
 * in process memory only (never written to disk; the gateway injects them, agents never see a long-lived secret).
 * A `revoke` command drops the matching tokens and locks those agents out until a `restore` command for the same
 * revocation arrives; while locked, no token is fetched or handed out, and the gateway refuses their tokens.
 * ONE store per enroller process: the gateway's authenticate (`isRevoked`), the OTLP receiver's identity enrichment
 * (`getToken`) and the revoke/restore command handlers (`revoke`, `restore`) all use it.
 */
import type { KeyObject } from "node:crypto";
import type { TAgentCredentialRequest, TAgentCredentialResponse } from "../../../server/contracts/agent-identity";
import { requestAgentCredential } from "./request-agent-credential";

type THeld = { productSlug: string; identityId: string; token: string; expiresAt: number };
type TLock = { revocationId: string; allAgents: boolean; productSlugs: Set<string>; identityIds: Set<string> };

export type TAgentCredentialStoreOptions = (
  | { serverUrl: string; deviceId: string; privateKey: KeyObject; fetch?: typeof fetch }
  /** How to ask the server for a token (e.g. the gateway's own device-protocol client). */
  | { issue: (request: TAgentCredentialRequest) => Promise<TAgentCredentialResponse> }
) & {
  /** Renew this long before expiry (default 120 s). */
  renewBeforeMs?: number;
  now?: () => number;
};

export class AgentCredentialStore {
  private readonly held = new Map<string, THeld>();
  private readonly locks = new Map<string, TLock>();
  private readonly inflight = new Map<string, Promise<THeld>>();
  private jwks: { issuer: string; jwksUrl: string } | null = null;

  constructor(private readonly opts: TAgentCredentialStoreOptions) {}

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  isLocked(p: { productSlug?: string; identityId?: string }): boolean {
    for (const lock of this.locks.values()) {
      if (lock.allAgents) return true;
      if (p.productSlug && lock.productSlugs.has(p.productSlug)) return true;
      if (p.identityId && lock.identityIds.has(p.identityId)) return true;
    }
    return false;
  }

  /** The gateway's check (src/gateway-wiring/verify-agent-token.ts): is this identity or product locked out? */
  isRevoked(p: { identityId: string; productSlug: string | null }): boolean {
    return this.isLocked({ identityId: p.identityId, ...(p.productSlug ? { productSlug: p.productSlug } : {}) });
  }

  /** Where tokens are verified: the tenant's issuer and JWKS (known after the first token). */
  get verification() {
    return this.jwks;
  }

  /** A valid token for the product, fetched or renewed as needed. Refused while the product is locked out. */
  async getToken(p: { productSlug: string }): Promise<{ token: string; identityId: string; expiresAt: number }> {
    if (this.isLocked({ productSlug: p.productSlug })) throw new Error(`${p.productSlug} is locked out by a revocation until an admin restores it`);
    const cur = this.held.get(p.productSlug);
    if (cur && cur.expiresAt - this.now() > (this.opts.renewBeforeMs ?? 120_000)) return cur;
    let pending = this.inflight.get(p.productSlug);
    if (!pending) {
      pending = this.fetchToken(p.productSlug).finally(() => this.inflight.delete(p.productSlug));
      this.inflight.set(p.productSlug, pending);
    }
    const fresh = await pending;
    if (this.isLocked({ productSlug: p.productSlug, identityId: fresh.identityId })) {
      this.held.delete(p.productSlug);
      throw new Error(`${p.productSlug} was locked out while its token was being fetched`);
    }
    return fresh;
  }

  private async fetchToken(productSlug: string): Promise<THeld> {
    const res: TAgentCredentialResponse =
      "issue" in this.opts ? await this.opts.issue({ productSlug }) : await requestAgentCredential({ ...this.opts, request: { productSlug } });
    this.jwks = { issuer: res.issuer, jwksUrl: res.jwksUrl };
    const entry = { productSlug, identityId: res.identityId, token: res.token, expiresAt: Date.parse(res.expiresAt) };
    this.held.set(productSlug, entry);
    return entry;
  }

  /** Drops matching tokens and locks them out. Returns how many tokens were dropped. */
  revoke(p: { revocationId: string; productSlugs: string[]; allAgents: boolean; identityIds: string[] }): number {
    this.locks.set(p.revocationId, { revocationId: p.revocationId, allAgents: p.allAgents, productSlugs: new Set(p.productSlugs), identityIds: new Set(p.identityIds) });
    let dropped = 0;
    for (const [slug, h] of this.held) {
      if (p.allAgents || p.productSlugs.includes(slug) || p.identityIds.includes(h.identityId)) {
        h.token = "";
        this.held.delete(slug);
        dropped++;
      }
    }
    return dropped;
  }

  /** Lifts the lock of one revocation. Returns 1 if it was held, else 0. */
  restore(p: { revocationId: string }): number {
    return this.locks.delete(p.revocationId) ? 1 : 0;
  }

  heldProducts(): string[] {
    return [...this.held.keys()];
  }
}
