/**
 * The full chain for gateway wiring tests, built only through the product's own code paths: a tenant with a person
 * in a business-unit group and a project group, provider keys stored through the REST API (admin API key), a device
 * enrolled with an enrollment token (the enroller's DeviceClient, real Ed25519 key), the real gateway wired with
 * createGatewayWiring in front of the loopback stand-in vendor API.
 */
import { DeviceClient } from "@/agent-enroller/src/index";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { handleRestRequest } from "@/server/http/rest-api";
import { addPerson } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createTestTenant, uniqueSuffix } from "@/test/support/tenants";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { createGateway, type Gateway } from "../../gateway/create-gateway";
import type { TGatewayEvent } from "../../gateway/gateway-types";
import { createStandInUpstream, type StandInUpstream } from "../../gateway/test-support/stand-in-upstream";
import { createGatewayServerClient, type GatewayServerClient } from "../gateway-server-client";
import { createGatewayWiring, type GatewayWiring } from "../create-gateway-wiring";
import { serverRoutesFetch } from "./server-routes-fetch";

export const TENANT_KEYS = {
  anthropic: `sk-ant-api03-TENANT-${uniqueSuffix()}-real-key`,
  openai: `sk-proj-TENANT-${uniqueSuffix()}-real-key`,
  gemini: `AIza-TENANT-${uniqueSuffix()}-real-key`,
} as const;

export const SERVER_URL = "http://marshal.test";

export async function restCall(opts: { apiKey: string; method: string; path: string; body?: unknown }) {
  const res = await handleRestRequest(
    new Request(`${SERVER_URL}/api/v1${opts.path}`, {
      method: opts.method,
      headers: { authorization: `Bearer ${opts.apiKey}`, ...(opts.body ? { "content-type": "application/json" } : {}) },
      body: opts.body ? JSON.stringify(opts.body) : undefined,
    }),
  );
  return { status: res.status, json: (await res.json()) as any };
}

export async function createTenantWorld() {
  const t = await createTestTenant("Acme");
  const apiKey = (await createApiKey({ scope: t.scope, name: "finops automation", keyScope: "admin" })).key;
  const ann = await addPerson({ scope: t.scope, name: "Ann Finance" });
  const payments = await t.scope.db.group.create({ data: { tenantId: t.tenant.id, displayName: `Payments ${uniqueSuffix()}`, mapping: "business_unit" } });
  const checkout = await t.scope.db.group.create({ data: { tenantId: t.tenant.id, displayName: `Checkout ${uniqueSuffix()}`, mapping: "project" } });
  for (const g of [payments, checkout]) await t.scope.db.groupMember.create({ data: { tenantId: t.tenant.id, groupId: g.id, personId: ann.id } });
  return { ...t, apiKey, ann, businessUnit: payments.displayName, project: checkout.displayName };
}

export async function enrollTestDevice(opts: { scope: TTenantScope; ownerPersonId: string; ring?: "dev" | "staging" | "prod"; hostname?: string }) {
  const enrollment = await createEnrollmentToken({ scope: opts.scope, publicUrl: SERVER_URL, input: { name: "laptops", maxUses: 1, expiresInHours: 1, ring: opts.ring ?? "dev", ownerPersonId: opts.ownerPersonId } });
  const device = new DeviceClient({ serverUrl: SERVER_URL, fetch: serverRoutesFetch });
  await device.enroll({
    token: enrollment.token,
    machine: { machineId: `m-${uniqueSuffix()}`, hostname: opts.hostname ?? `laptop-${uniqueSuffix()}`, os: "linux", osVersion: "6.1", arch: "x64", username: "ann" },
  });
  return device;
}

export type DeviceGateway = {
  device: DeviceClient;
  client: GatewayServerClient;
  wiring: GatewayWiring;
  gateway: Gateway;
  events: TGatewayEvent[];
  close(): Promise<void>;
};

export async function startDeviceGateway(opts: { device: DeviceClient; tenantSlug: string; upstream: StandInUpstream }): Promise<DeviceGateway> {
  const client = createGatewayServerClient({ serverUrl: SERVER_URL, deviceId: opts.device.deviceId!, privateKey: opts.device.privateKey!, fetch: serverRoutesFetch });
  const wiring = createGatewayWiring({ client, tenantSlug: opts.tenantSlug, deviceId: opts.device.deviceId! });
  const events: TGatewayEvent[] = [];
  const emit = wiring.deps.emitEvent;
  wiring.deps.emitEvent = (e) => {
    events.push(structuredClone(e));
    emit(e);
  };
  await wiring.syncUsage(); // limits, prices and attribution before the first call
  const gateway = await createGateway({
    port: 0,
    host: "127.0.0.1",
    upstreams: { anthropic: opts.upstream.baseUrl("anthropic"), openai: opts.upstream.baseUrl("openai"), gemini: opts.upstream.baseUrl("gemini") },
    deps: wiring.deps,
  });
  return { device: opts.device, client, wiring, gateway, events, close: () => gateway.close() };
}

export { createStandInUpstream };
