/**
 * Agent tokens: JWT access tokens in the shape of RFC 9068 ("JWT Profile for OAuth 2.0 Access Tokens":
 * header typ "at+jwt"; iss, aud, sub, exp, iat, jti, client_id, scope) with the actor claim of RFC 8693
 * section 4.1 (`act: { sub: <person> }`: the agent identity acts on behalf of the person), plus Marshal's
 * `tid` (tenant), `dev` (device), `pcl` (policy class), `prd` (agent product) and `dlg` (the delegating parent
 * identity, if any). Signed EdDSA (Ed25519, RFC 8037) with the tenant's current key; `kid` names it in the
 * tenant's JWKS (RFC 7517) at /api/agents/<tenantSlug>/jwks.json.
 */
import { z } from "zod";

export const AGENT_TOKEN_AUDIENCE = "marshal-gateway";
export const AGENT_TOKEN_TYPE = "at+jwt";
export const AGENT_TOKEN_ALG = "EdDSA";
/** The issue caps tokens at 15 minutes. */
export const MAX_AGENT_TOKEN_LIFETIME_SEC = 15 * 60;
export const DEFAULT_AGENT_TOKEN_LIFETIME_SEC = 10 * 60;
/** A retired key stays in the JWKS this long after retirement: its last token has expired by then. */
export const KEY_PUBLISH_GRACE_SEC = MAX_AGENT_TOKEN_LIFETIME_SEC + 120;

export function agentTokenIssuer(opts: { publicUrl: string; tenantSlug: string }): string {
  return `${opts.publicUrl.replace(/\/+$/, "")}/api/agents/${opts.tenantSlug}`;
}

export function jwksUrl(opts: { publicUrl: string; tenantSlug: string }): string {
  return `${agentTokenIssuer(opts)}/jwks.json`;
}

export const ZAgentTokenClaims = z.object({
  iss: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1),
  client_id: z.string().min(1),
  scope: z.string(),
  jti: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  act: z.object({ sub: z.string().min(1) }),
  tid: z.string().min(1),
  dev: z.string().min(1),
  pcl: z.string().min(1),
  prd: z.string().min(1),
  dlg: z.string().min(1).optional(),
});
export type TAgentTokenClaims = z.infer<typeof ZAgentTokenClaims>;
