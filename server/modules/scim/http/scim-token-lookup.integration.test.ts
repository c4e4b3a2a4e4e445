/** The SCIM token lookup on every request (server/db/scim.ts): tenant resolution, lastUsedAt, revocation at once. */
import { describe, expect, it } from "vitest";
import { createTestTenant } from "@/test/support/tenants";
import { resolveScimTokenByHash } from "@/server/db/scim";
import { hashSecretToken } from "@/server/modules/secret-token";
import { createScimToken } from "../tokens/create-scim-token";
import { revokeScimToken } from "../tokens/revoke-scim-token";

describe("resolveScimTokenByHash", () => {
  it("names the token's tenant, stamps lastUsedAt at most once a minute, and refuses the token from the moment it is revoked", async () => {
    const { scope, tenant } = await createTestTenant("SCIM lookup");
    const created = await createScimToken({ scope, name: "okta" });
    const hash = hashSecretToken(created.token);
    const before = await scope.db.scimToken.findFirstOrThrow({ where: { hash }, select: { id: true, lastUsedAt: true } });
    expect(before.lastUsedAt).toBeNull();

    expect(await resolveScimTokenByHash(hash)).toEqual({ id: before.id, tenantId: tenant.id, tenantSlug: tenant.slug, name: "okta" });
    const stamped = (await scope.db.scimToken.findFirstOrThrow({ where: { id: before.id } })).lastUsedAt;
    expect(stamped).not.toBeNull();
    await resolveScimTokenByHash(hash);
    expect((await scope.db.scimToken.findFirstOrThrow({ where: { id: before.id } })).lastUsedAt).toEqual(stamped);

    await revokeScimToken({ scope, id: before.id });
    expect(await resolveScimTokenByHash(hash)).toBeNull();
    expect(await resolveScimTokenByHash(hashSecretToken("scim_unknown_token_0000000000000"))).toBeNull();
  });
});
