/**
 * GET /Users (RFC 7644 §3.4.2): filter, sort, startIndex/count paging, attribute projection. Deleted people are gone.
 * `userName eq "..."` and the unfiltered default-sorted page go through one raw SQL statement (resolveFastRead,
 * server/db/scim.ts); every other request through Prisma (listScimUsersWithPrisma), with the same JSON out.
 */
import { countScimPeople, findScimPersonByUserName, listScimPeoplePage } from "@/server/db/scim";
import { compileScimFilter, compileScimSort } from "../compile-scim-filter";
import type { TScimListParams } from "../parse-list-params";
import { toScimListResponse } from "../to-scim-list-response";
import { groupsOfRow, PERSON_RECORD_INCLUDE, toPersonRecord } from "./directory-records";
import { renderScimUsers } from "./render-scim-users";
import { resolveFastRead } from "./resolve-fast-read";
import type { TScimServiceContext } from "./scim-service-context";
import { renderPersonRows } from "./scim-row-records";

export async function listScimUsers(opts: { ctx: TScimServiceContext; params: TScimListParams }) {
  const { ctx, params } = opts;
  const fast = resolveFastRead({ resourceType: "User", params });
  if (!fast) return listScimUsersWithPrisma(opts);
  const tenantId = ctx.scope.tenantId;
  let rows;
  let totalResults: number;
  if (fast.kind === "eq") {
    // userName is unique per tenant (case-insensitively): 0 or 1 match, paged like any list.
    const match = await findScimPersonByUserName({ tenantId, userName: fast.value });
    totalResults = match ? 1 : 0;
    rows = match && params.skip === 0 && params.take > 0 ? [match] : [];
  } else {
    rows = params.take > 0 ? await listScimPeoplePage({ tenantId, skip: params.skip, take: params.take }) : [];
    totalResults = rows.length > 0 && rows.length < params.take ? params.skip + rows.length : await countScimPeople({ tenantId });
  }
  const { resources } = await renderPersonRows({ ctx, rows, attributes: params.attributes, excludedAttributes: params.excludedAttributes });
  return toScimListResponse({ resources, totalResults, startIndex: params.startIndex });
}

/** The Prisma read: any filter and sort compileScimFilter / compileScimSort accept. */
export async function listScimUsersWithPrisma(opts: { ctx: TScimServiceContext; params: TScimListParams }) {
  const { ctx, params } = opts;
  const db = ctx.scope.db;
  const filter = params.filter ? compileScimFilter({ resourceType: "User", filter: params.filter }) : {};
  const orderBy = compileScimSort({ resourceType: "User", sortBy: params.sortBy, sortOrder: params.sortOrder });
  const where = { AND: [{ deletedAt: null }, filter] };
  const rows = params.take > 0 ? await db.person.findMany({ where, orderBy, skip: params.skip, take: params.take, include: PERSON_RECORD_INCLUDE }) : [];
  // A partly filled page tells the total without a COUNT (the common case: Okta's and Entra's lookups by userName).
  const totalResults = rows.length > 0 && rows.length < params.take ? params.skip + rows.length : await db.person.count({ where });
  const resources = await renderScimUsers({
    db,
    people: rows.map(toPersonRecord),
    groupsByPerson: new Map(rows.map((r) => [r.id, groupsOfRow(r) ?? []])),
    baseUrl: ctx.baseUrl,
    attributes: params.attributes,
    excludedAttributes: params.excludedAttributes,
  });
  return toScimListResponse({ resources, totalResults, startIndex: params.startIndex });
}
