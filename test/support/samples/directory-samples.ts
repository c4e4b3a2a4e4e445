/**
 * Cross-tenant samples for directory.* and scimTokens.*: a SCIM token, and a person and a group provisioned the
 * way an IdP provisions them (SCIM 2.0 POST /Users and /Groups, RFC 7644 §3.3, through the real SCIM handler), so
 * the request log has rows too.
 */
import { createScimToken } from "@/server/modules/scim/tokens/create-scim-token";
import { scimClient } from "@/server/modules/scim/http/test-support/scim-test-client";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { uniqueSuffix } from "../tenants";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** Provisions one person and a group with them in it; returns their ids and the SCIM token's id. */
export async function provisionSamplePerson(opts: { scope: TTenantScope }) {
  const token = await createScimToken({ scope: opts.scope, name: "victim okta" });
  const scim = scimClient({ token: token.token });
  const userName = `victim-${uniqueSuffix()}@bravo.test`;
  const person = await scim.post("/Users", { schemas: [USER], userName, name: { givenName: "Vic", familyName: "Tim" }, emails: [{ value: userName, type: "work", primary: true }] });
  if (person.status !== 201) throw new Error(`sample setup: SCIM POST /Users answered ${person.status}: ${JSON.stringify(person.body)}`);
  const group = await scim.post("/Groups", { schemas: [GROUP], displayName: `victim-engineering-${uniqueSuffix()}`, members: [{ value: person.body.id }] });
  if (group.status !== 201) throw new Error(`sample setup: SCIM POST /Groups answered ${group.status}: ${JSON.stringify(group.body)}`);
  return { personId: person.body.id as string, userName, groupId: group.body.id as string, scimTokenId: token.id };
}

export function directorySamples(opts: { personId: string; userName: string; groupId: string; scimTokenId: string }): Record<string, Record<string, unknown>> {
  return {
    "directory.people": { search: opts.userName, groupId: opts.groupId },
    "directory.person": { id: opts.personId },
    "directory.groups": { search: "victim" },
    "directory.setGroupMapping": { groupId: opts.groupId, mapping: "policy_class" },
    "scimTokens.setup": {},
    "scimTokens.list": {},
    "scimTokens.create": { name: "intruder" },
    "scimTokens.revoke": { id: opts.scimTokenId },
    "scimTokens.requests": { status: "all", limit: 10 },
  };
}
