/**
 * GET /Groups (RFC 7644 §3.4.2). Members are loaded only when they will be returned: Entra ID
 * reads groups with `excludedAttributes=members`, and a large group's member list is the costly part.
 */
import { findScimGroupsByDisplayName } from "@/server/db/scim";
import { compileScimFilter, compileScimSort } from "../compile-scim-filter";
import type { TScimListParams } from "../parse-list-params";
import { toScimGroup } from "../to-scim-group";
import { toScimListResponse } from "../to-scim-list-response";
import { GROUP_RECORD_INCLUDE, toGroupRecord } from "./directory-records";
import { resolveFastRead } from "./resolve-fast-read";
import type { TScimServiceContext } from "./scim-service-context";
import { toGroupRecordFromRow } from "./scim-row-records";

export function wantsMembers(opts: { attributes?: readonly string[]; excludedAttributes?: readonly string[] }): boolean {
  const named = (list: readonly string[] | undefined) =>
    (list ?? []).some((a) => /^(urn:ietf:params:scim:schemas:core:2\.0:group:)?members(\.|$)/i.test(a.trim()));
  if (opts.attributes?.length) return named(opts.attributes);
  return !named(opts.excludedAttributes);
}

/** `displayName eq "..."` (default sort) through one raw SQL statement (server/db/scim.ts); the rest through Prisma. */
export async function listScimGroups(opts: { ctx: TScimServiceContext; params: TScimListParams }) {
  const { ctx, params } = opts;
  const fast = resolveFastRead({ resourceType: "Group", params });
  if (fast?.kind !== "eq") return listScimGroupsWithPrisma(opts);
  // Few groups share a displayName case-insensitively (it is unique as written): page them in memory.
  const matches = await findScimGroupsByDisplayName({ tenantId: ctx.scope.tenantId, displayName: fast.value, withMembers: wantsMembers(params) });
  const page = matches.slice(params.skip, params.skip + params.take);
  const resources = page.map((row) =>
    toScimGroup({ group: toGroupRecordFromRow(row), baseUrl: ctx.baseUrl, attributes: params.attributes, excludedAttributes: params.excludedAttributes }),
  );
  return toScimListResponse({ resources, totalResults: matches.length, startIndex: params.startIndex });
}

/** The Prisma read: any filter and sort compileScimFilter / compileScimSort accept. */
export async function listScimGroupsWithPrisma(opts: { ctx: TScimServiceContext; params: TScimListParams }) {
  const { ctx, params } = opts;
  const db = ctx.scope.db;
  const where = params.filter ? compileScimFilter({ resourceType: "Group", filter: params.filter }) : {};
  const orderBy = compileScimSort({ resourceType: "Group", sortBy: params.sortBy, sortOrder: params.sortOrder });
  const include = wantsMembers(params) ? GROUP_RECORD_INCLUDE : undefined;
  const rows = params.take > 0 ? await db.group.findMany({ where, orderBy, skip: params.skip, take: params.take, include }) : [];
  const totalResults = rows.length > 0 && rows.length < params.take ? params.skip + rows.length : await db.group.count({ where });
  const resources = rows.map((row) =>
    toScimGroup({
      group: toGroupRecord(row),
      baseUrl: ctx.baseUrl,
      attributes: params.attributes,
      excludedAttributes: params.excludedAttributes,
    }),
  );
  return toScimListResponse({ resources, totalResults, startIndex: params.startIndex });
}
