/**
 * Which SCIM list requests the raw-SQL read path (server/db/scim.ts) answers: the ones IdPs send all day.
 * - User: `userName eq "<string>"` (Okta's and Entra ID's lookup before a create, Entra's probe with a
 *   random userName), or no filter at all (paging through the directory), with the default sort;
 * - Group: `displayName eq "<string>"` with the default sort.
 * Attribute names are case-insensitive and may carry the core schema URN (RFC 7644 §3.4.2.2, §3.10).
 * Anything else (another filter, a sortBy, a non-string value) returns undefined: the Prisma path answers it.
 */
import type { TScimListParams } from "../parse-list-params";
import { resolveScimAttributePath } from "../resolve-scim-attribute-path";
import type { TScimResourceType } from "../scim-constants";

export type TFastRead = { kind: "all" } | { kind: "eq"; value: string };

const EQ_ATTRIBUTE: Record<TScimResourceType, string> = { User: "username", Group: "displayname" };

export function resolveFastRead(opts: { resourceType: TScimResourceType; params: TScimListParams }): TFastRead | undefined {
  const { params, resourceType } = opts;
  if (params.sortBy) return undefined;
  const filter = params.filter;
  if (!filter) return resourceType === "User" ? { kind: "all" } : undefined;
  if (filter.op !== "eq" || !("compValue" in filter) || typeof filter.compValue !== "string") return undefined;
  const resolved = resolveScimAttributePath({ resourceType, path: filter.attrPath });
  if (resolved?.kind !== "attribute" || resolved.namespace !== "core" || resolved.sub) return undefined;
  return resolved.name.toLowerCase() === EQ_ATTRIBUTE[resourceType] ? { kind: "eq", value: filter.compValue } : undefined;
}
