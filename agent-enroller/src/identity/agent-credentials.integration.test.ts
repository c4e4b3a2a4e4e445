/**
 * The enroller's side of agent identity: it obtains tokens from the console, the gateway verifies them with the
 * tenant's JWKS over HTTP plus the device's own revocation check, and a revoke command drops and locks them
 * (reported in the proof) until a restore command for the same revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/api/agents/[tenantSlug]/jwks.json/route";
import { POST as credentialsRoute } from "@/app/api/device/v1/credentials/route";
import { addTestRoute, startRouteServer } from "@/server/realtime/test-support/route-server";
import { addDevice, addPerson } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createTestTenant } from "@/test/support/tenants";
import { createCommandHandlers, type TCommandEnv } from "../loop/command-handlers";
import { AgentCredentialStore } from "./agent-credential-store";
import { createAgentTokenVerifier } from "../gateway-wiring/verify-agent-token";

describe("enroller agent credentials", () => {
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  beforeAll(async () => {
    addTestRoute({ method: "GET", pattern: /^\/api\/agents\/(?<tenantSlug>[^/]+)\/jwks\.json$/, handler: (req, p) => jwksRoute(req, { params: Promise.resolve({ tenantSlug: p.tenantSlug! }) }) });
    addTestRoute({ method: "POST", pattern: /^\/api\/device\/v1\/credentials$/, handler: (req) => credentialsRoute(req) });
    server = await startRouteServer();
  });
  afterAll(async () => server?.close());

  it("verifies tokens with the JWKS, and a revoke drops and locks them until restore", async () => {
    const { scope, tenant } = await createTestTenant("Enroller");
    const person = await addPerson({ scope });
    const device = await addDevice({ scope, ownerPersonId: person.id });
    const store = new AgentCredentialStore({ serverUrl: server.url, deviceId: device.id, privateKey: device.privateKey });
    const { token, identityId } = await store.getToken({ productSlug: "claude-code" });
    const { jwksUrl } = store.verification!;
    expect(jwksUrl).toContain(`/api/agents/${tenant.slug}/jwks.json`);
    // The gateway's verifier, with the store as its revocation check (one store in the enroller). The console's public
    // URL differs from this loopback server in tests: the JWKS is fetched from the server.
    const verifier = createAgentTokenVerifier({
      tenantSlug: tenant.slug,
      deviceId: device.id,
      fetchJwks: async () => (await fetch(`${server.url}${new URL(jwksUrl).pathname}`)).json() as Promise<{ keys: unknown[] }>,
      revocations: store,
    });
    const authenticate = async (t: string) => (await verifier.verify(t))?.principal ?? null;
    expect(await authenticate(token)).toMatchObject({ identityId, personId: person.id, deviceId: device.id, tenantId: tenant.id, policyClass: "default" });
    // a token issued to another device is not accepted here
    const elsewhere = createAgentTokenVerifier({ tenantSlug: tenant.slug, deviceId: "another-device", fetchJwks: async () => (await fetch(`${server.url}${new URL(jwksUrl).pathname}`)).json() as Promise<{ keys: unknown[] }>, revocations: store });
    expect(await elsewhere.verify(token)).toBeNull();
    expect(await authenticate(token.slice(0, -4) + "AAAA")).toBeNull();
    expect(await authenticate("nonsense")).toBeNull();

    const handlers = createCommandHandlers();
    const env = { credentials: store, scan: { processes: [] } } as unknown as TCommandEnv;
    const outcome = await handlers.get("revoke")!({ id: "c1", type: "revoke", createdAt: new Date().toISOString(), payload: { revocationId: "r1", productSlugs: ["claude-code"], allAgents: false, identityIds: [identityId] } }, env);
    expect(outcome.status).toBe("succeeded");
    expect(outcome.detail).toMatchObject({ credentialsDropped: 1, runningAfter: [] });
    expect(store.heldProducts()).toEqual([]);
    expect(await authenticate(token)).toBeNull();
    await expect(store.getToken({ productSlug: "claude-code" })).rejects.toThrow(/locked out/);

    const restored = await handlers.get("restore")!({ id: "c2", type: "restore", createdAt: new Date().toISOString(), payload: { revocationId: "r1" } }, env);
    expect(restored).toMatchObject({ status: "succeeded", detail: { unlocked: 1 } });
    expect(await authenticate(token)).not.toBeNull(); // the device lock is lifted; the server never revoked this one
  });
});
