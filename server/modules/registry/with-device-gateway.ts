/**
 * A policy as a device gets it when the tenant routes agents through the enroller's gateway (registry settings
 * `agentGateway`): `gateway` points at the loopback gateway and, unless the policy already sends telemetry
 * somewhere, `telemetry` at the enroller's loopback OTLP receiver. Loopback URLs are the same on every device, so
 * the compiled result is shared by every device of a verdict class. A policy that names its own gateway keeps it.
 */
import type { TAgentPolicyInput } from "@/server/contracts/agent-policy";
import type { TRegistrySettings } from "./registry-settings";

export function withDeviceGateway({ policy, settings }: { policy: unknown; settings: TRegistrySettings }): unknown {
  const g = settings.agentGateway;
  if (!g.enabled || policy === null || typeof policy !== "object" || Array.isArray(policy)) return policy;
  const p = policy as TAgentPolicyInput;
  return {
    ...p,
    gateway: p.gateway ?? { baseUrl: `http://127.0.0.1:${g.port}`, apiKeyHelper: g.apiKeyHelper },
    telemetry: p.telemetry?.otlpEndpoint ? p.telemetry : { enabled: true, otlpEndpoint: `http://127.0.0.1:${g.otlpPort}`, protocol: "http/json" },
  };
}
