/** The REST API as an automation client sees it: bearer API keys, scopes, errors, OpenAPI. */
import { describe, expect, it } from "vitest";
import { handleRestRequest } from "./rest-api";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { revokeApiKey } from "@/server/modules/api-keys/revoke-api-key";
import { createTestTenant } from "@/test/support/tenants";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import SwaggerParser from "@apidevtools/swagger-parser";

function rest(method: string, path: string, key: string | null, body?: unknown, rawBody?: string) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined || rawBody !== undefined) headers["content-type"] = "application/json";
  return handleRestRequest(new Request(`http://localhost/api/v1${path}`, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) }));
}

describe("REST API v1", () => {
  it("works with an admin key, and stops working once the key is revoked", async () => {
    const { scope, owner } = await createTestTenant("Rest");
    const key = await createApiKey({ scope, name: "ci", keyScope: "admin" });
    const list = await rest("GET", "/members", key.key);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { email: string }[]).map((m) => m.email)).toEqual([owner.email]);

    const invite = await rest("POST", "/members/invites", key.key, { email: "new@example.test", role: "operator" });
    expect(invite.status).toBe(200);
    expect(((await invite.json()) as { link: string }).link).toMatch(/\/invite\/inv_/);

    await revokeApiKey({ scope, id: key.id });
    const after = await rest("GET", "/members", key.key);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/invalid or revoked/);
  });

  it("records last-used time and never returns key material in lists", async () => {
    const { scope } = await createTestTenant("Rest");
    const key = await createApiKey({ scope, name: "ci", keyScope: "admin" });
    expect((await rest("GET", "/api-keys", key.key)).status).toBe(200);
    const keys = (await (await rest("GET", "/api-keys", key.key)).json()) as Record<string, unknown>[];
    expect(keys[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(keys)).not.toContain(key.key);
    expect(Object.keys(keys[0]!)).not.toContain("hash");
  });

  it("lets a read key read but not write", async () => {
    const { scope } = await createTestTenant("Rest");
    const key = await createApiKey({ scope, name: "siem", keyScope: "read" });
    expect((await rest("GET", "/audit", key.key)).status).toBe(200);
    const write = await rest("POST", "/api-keys", key.key, { name: "escalate", scope: "admin" });
    expect(write.status).toBe(403);
    expect(await scope.db.apiKey.count({ where: {} })).toBe(1);
  });

  it("keeps each key inside its own tenant", async () => {
    const a = await createTestTenant("Alpha");
    const b = await createTestTenant("Bravo");
    const keyA = await createApiKey({ scope: a.scope, name: "a", keyScope: "admin" });
    const res = await rest("GET", `/members?tenantSlug=${b.tenant.slug}`, keyA.key);
    expect(res.status).toBe(404);
    const victimKey = await createApiKey({ scope: b.scope, name: "b", keyScope: "admin" });
    expect((await rest("DELETE", `/api-keys/${victimKey.id}`, keyA.key)).status).toBe(404);
    expect((await b.scope.db.apiKey.findFirstOrThrow({ where: { id: victimKey.id } })).revokedAt).toBeNull();
  });

  it("answers bad input with a clear 4xx and changes nothing", async () => {
    const { scope } = await createTestTenant("Rest");
    const key = await createApiKey({ scope, name: "ci", keyScope: "admin" });
    const before = await scope.db.auditEntry.count({ where: {} });
    const cases: [string, Response][] = [
      ["no key", await rest("GET", "/members", null)],
      ["malformed key", await rest("GET", "/members", "not-a-key")],
      ["unknown key", await rest("GET", "/members", "mk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")],
      ["malformed json", await rest("POST", "/members/invites", key.key, undefined, "{not json")],
      ["invalid email", await rest("POST", "/members/invites", key.key, { email: "nope", role: "admin" })],
      ["invalid role", await rest("POST", "/members/invites", key.key, { email: "a@b.test", role: "god" })],
      ["unknown member", await rest("DELETE", "/members/does-not-exist", key.key)],
      ["huge limit", await rest("GET", "/audit?limit=100000", key.key)],
    ];
    for (const [label, res] of cases) {
      expect(`${label}: ${res.status >= 400 && res.status < 500}`).toBe(`${label}: true`);
      const body = (await res.json()) as { error?: { message?: string } };
      expect(body.error?.message, label).toBeTruthy();
    }
    expect(await scope.db.auditEntry.count({ where: {} })).toBe(before);
  });

  it("refuses to remove the last owner", async () => {
    const { scope } = await createTestTenant("Rest");
    const key = await createApiKey({ scope, name: "ci", keyScope: "admin" });
    const owner = await scope.db.member.findFirstOrThrow({ where: { role: "owner" } });
    const res = await rest("DELETE", `/members/${owner.id}`, key.key);
    expect(res.status).toBe(403); // an admin key cannot remove an owner at all
    expect(await scope.db.member.count({ where: { role: "owner" } })).toBe(1);
  });

  it("serves a valid OpenAPI 3 document describing the procedures", async () => {
    const doc = (await openApiRoute().json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components?: { securitySchemes?: object } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/members", "/members/invites", "/api-keys", "/audit", "/audit/verify"]));
    expect(doc.paths["/api-keys/{id}"]).toHaveProperty("delete");
    expect(doc.components?.securitySchemes).toHaveProperty("bearerAuth");
    // An independent validator of the OpenAPI 3 specification (schema + semantic checks).
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });
});
