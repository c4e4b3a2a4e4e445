/**
 * Agent credentials as a verifier sees them: the device obtains a token through the real credentials route, any
 * system verifies it with the tenant's JWKS, introspection (RFC 7662) says active; after a revocation the same
 * token fails introspection and the JWKS-plus-revocation check at once. Forged, expired, foreign and malformed
 * tokens are refused; key rotation keeps old tokens verifiable until they expire.
 */
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { POST as credentialsRoute } from "@/app/api/device/v1/credentials/route";
import { GET as jwksRoute } from "@/app/api/agents/[tenantSlug]/jwks.json/route";
import { POST as introspectRoute } from "@/app/api/agents/introspect/route";
import { AgentCredentialStore } from "@/agent-enroller/src/identity/agent-credential-store";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import { restoreRevocation } from "@/server/modules/revocations/restore-revocation";
import { addDevice, addIdentity, addPerson } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { callerAs, createTestTenant } from "@/test/support/tenants";
import { issueAgentToken } from "./issue-agent-token";
import { rotateSigningKey } from "./signing-keys";

/** fetch for the enroller's store: the real route handler, no network. */
const routeFetch: typeof fetch = async (input, init) => credentialsRoute(new Request(input as string, init as RequestInit));

async function jwksOf(slug: string) {
  const res = await jwksRoute(new Request(`http://x/api/agents/${slug}/jwks.json`), { params: Promise.resolve({ tenantSlug: slug }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { keys: { kid: string; kty: string; crv: string; x: string }[] };
}

async function introspect(apiKey: string, token: string, form = true) {
  const res = await introspectRoute(
    new Request("http://x/api/agents/introspect", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
      body: form ? new URLSearchParams({ token, token_type_hint: "access_token" }).toString() : JSON.stringify({ token }),
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function world() {
  const t = await createTestTenant("Ident");
  const person = await addPerson({ scope: t.scope, name: "Ivy" });
  const device = await addDevice({ scope: t.scope, ownerPersonId: person.id });
  const key = await createApiKey({ scope: t.scope, name: "verifier", keyScope: "read" });
  const store = new AgentCredentialStore({ serverUrl: "http://127.0.0.1", deviceId: device.id, privateKey: device.privateKey, fetch: routeFetch });
  return { ...t, person, device, key, store };
}

describe("agent identity credentials", () => {
  it("issues a short-lived token a verifier checks with the JWKS, and introspection says who acts for whom", async () => {
    const w = await world();
    const { token, identityId } = await w.store.getToken({ productSlug: "claude-code" });
    const jwks = await jwksOf(w.tenant.slug);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks as never), { audience: "marshal-gateway", issuer: w.store.verification!.issuer });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    expect(payload).toMatchObject({ sub: identityId, act: { sub: w.person.id }, dev: w.device.id, tid: w.tenant.id, pcl: "default", prd: "claude-code" });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(15 * 60);
    expect(typeof payload.jti).toBe("string");

    const ok = await introspect(w.key.key, token);
    expect(ok).toMatchObject({ status: 200, body: { active: true, sub: identityId, act: { sub: w.person.id } } });
    expect((await introspect(w.key.key, token, false)).body.active).toBe(true);
    // Asking again returns the held token; the identity is reused, not duplicated.
    expect((await w.store.getToken({ productSlug: "claude-code" })).token).toBe(token);
    expect(await w.scope.db.agentIdentity.count()).toBe(1);
  });

  it("a revoked identity's token fails introspection and the revocation check at once; restore re-authorises", async () => {
    const w = await world();
    const { token, identityId } = await w.store.getToken({ productSlug: "claude-code" });
    const r = await createRevocation({ scope: w.scope, target: { type: "identity", id: identityId }, reason: "compromised", trigger: "manual" });
    expect((await introspect(w.key.key, token)).body).toEqual({ active: false });
    // The signature still verifies (JWTs cannot be un-signed): the revocation check is what refuses it.
    await expect(jwtVerify(token, createLocalJWKSet((await jwksOf(w.tenant.slug)) as never))).resolves.toBeTruthy();
    const identity = await callerAs(w.owner).identities.get({ tenantSlug: w.tenant.slug, id: identityId });
    expect(identity.status).toBe("revoked");
    expect(identity.credentials[0]).toMatchObject({ live: false });
    expect(identity.credentials[0]!.revokedAt).not.toBeNull();
    // Locked out: a new device request for the same agent is refused.
    const fresh = new AgentCredentialStore({ serverUrl: "http://127.0.0.1", deviceId: w.device.id, privateKey: w.device.privateKey, fetch: routeFetch });
    await expect(fresh.getToken({ productSlug: "claude-code" })).rejects.toMatchObject({ status: 403 });

    await restoreRevocation({ scope: w.scope, id: r.id, reason: "false positive" });
    const again = await fresh.getToken({ productSlug: "claude-code" });
    expect(again.identityId).toBe(identityId);
    expect((await introspect(w.key.key, again.token)).body.active).toBe(true);
    expect((await introspect(w.key.key, token)).body.active).toBe(false); // the token revoked then stays revoked
  });

  it("refuses forged, expired, foreign and malformed tokens", async () => {
    const w = await world();
    const other = await world();
    const { token } = await w.store.getToken({ productSlug: "codex-cli" });
    const header = decodeProtectedHeader(token);
    const [, claims] = token.split(".");
    const claimsJson = JSON.parse(Buffer.from(claims!, "base64url").toString());
    const foreign = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT(claimsJson).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: header.kid! }).sign(foreign.privateKey);
    expect((await introspect(w.key.key, forged)).body).toEqual({ active: false });
    const tampered = token.split(".").map((p, i) => (i === 1 ? Buffer.from(JSON.stringify({ ...claimsJson, pcl: "admin" })).toString("base64url") : p)).join(".");
    expect((await introspect(w.key.key, tampered)).body).toEqual({ active: false });
    expect((await introspect(w.key.key, "not-a-jwt")).body).toEqual({ active: false });
    // Another tenant's API key learns nothing about this tenant's token.
    expect((await introspect(other.key.key, token)).body).toEqual({ active: false });

    const identity = await addIdentity({ scope: w.scope, deviceId: w.device.id, personId: w.person.id, productSlug: "gemini-cli" });
    const shortLived = await issueAgentToken({ scope: w.scope, identityId: identity.id, lifetimeSec: 30 });
    await w.scope.db.agentCredential.update({ where: { id: shortLived.jti }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expiredToken = await new SignJWT({ ...JSON.parse(Buffer.from(shortLived.token.split(".")[1]!, "base64url").toString()), exp: Math.floor(Date.now() / 1000) - 5 })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: "k_unknown" })
      .sign(foreign.privateKey);
    expect((await introspect(w.key.key, expiredToken)).body).toEqual({ active: false });
    await expect(issueAgentToken({ scope: w.scope, identityId: identity.id, lifetimeSec: 3600 })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const noKey = await introspectRoute(new Request("http://x/api/agents/introspect", { method: "POST", body: "token=x", headers: { "content-type": "application/x-www-form-urlencoded" } }));
    expect(noKey.status).toBe(401);
    const noToken = await introspect(w.key.key, "");
    expect(noToken.status).toBe(400);
  });

  it("rotation publishes the new key and keeps the old one until its tokens expire", async () => {
    const w = await world();
    const before = await w.store.getToken({ productSlug: "claude-code" });
    const oldKid = decodeProtectedHeader(before.token).kid!;
    const rotated = await rotateSigningKey({ scope: w.scope });
    expect(rotated.retired).toEqual([oldKid]);
    const jwks = await jwksOf(w.tenant.slug);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([oldKid, rotated.kid].sort());
    expect((await introspect(w.key.key, before.token)).body.active).toBe(true);
    const identity = await w.scope.db.agentIdentity.findFirstOrThrow({});
    const after = await issueAgentToken({ scope: w.scope, identityId: identity.id });
    expect(decodeProtectedHeader(after.token).kid).toBe(rotated.kid);
    // Private keys are stored encrypted, never as PEM/DER in clear.
    const rows = await w.scope.db.agentSigningKey.findMany({});
    for (const r of rows) expect(r.privateKeyEnc.startsWith("mse1.")).toBe(true);
  });

  it("the device must have an owner, and the body must follow the contract", async () => {
    const w = await world();
    const ownerless = await addDevice({ scope: w.scope, ownerPersonId: null });
    const store = new AgentCredentialStore({ serverUrl: "http://127.0.0.1", deviceId: ownerless.id, privateKey: ownerless.privateKey, fetch: routeFetch });
    await expect(store.getToken({ productSlug: "claude-code" })).rejects.toMatchObject({ status: 409 });
    await expect(w.store.getToken({ productSlug: "Not A Slug" })).rejects.toMatchObject({ status: 400 });
    expect(await w.scope.db.agentIdentity.count()).toBe(0);
  });
});
