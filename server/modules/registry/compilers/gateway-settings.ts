/**
 * What each compiler needs from a policy's `gateway` (server/contracts/agent-policy.ts ZGatewayPolicy): the
 * gateway's base URL without a trailing slash, and the shell command that prints a fresh agent token for one
 * catalog product (`<apiKeyHelper> --product <slug>`, i.e. `marshal-enroller agent-token --product claude-code`).
 */
import type { TGatewayPolicy } from "@/server/contracts/agent-policy";

/** Claude Code re-runs apiKeyHelper after this long (agent tokens live 10 minutes). */
export const GATEWAY_TOKEN_REFRESH_MS = 5 * 60_000;

export function gatewayBaseUrl({ gateway }: { gateway: TGatewayPolicy }): string {
  return gateway.baseUrl.replace(/\/+$/, "");
}

export function gatewayTokenCommand({ gateway, productSlug }: { gateway: TGatewayPolicy; productSlug: string }): string {
  return `${gateway.apiKeyHelper.trim()} --product ${productSlug}`;
}
