/** GET /Users (RFC 7644 §3.4.2): filter, sort, startIndex/count paging, attribute projection. Deleted people are gone. */
import { compileScimFilter, compileScimSort } from "../compile-scim-filter";
import type { TScimListParams } from "../parse-list-params";
import { toScimListResponse } from "../to-scim-list-response";
import { PERSON_RECORD_INCLUDE, toPersonRecord } from "./directory-records";
import { renderScimUsers } from "./render-scim-users";
import type { TScimServiceContext } from "./scim-service-context";

export async function listScimUsers(opts: { ctx: TScimServiceContext; params: TScimListParams }) {
  const { ctx, params } = opts;
  const db = ctx.scope.db;
  const filter = params.filter ? compileScimFilter({ resourceType: "User", filter: params.filter }) : {};
  const orderBy = compileScimSort({ resourceType: "User", sortBy: params.sortBy, sortOrder: params.sortOrder });
  const where = { AND: [{ deletedAt: null }, filter] };
  const [totalResults, rows] = await Promise.all([
    db.person.count({ where }),
    params.take > 0 ? db.person.findMany({ where, orderBy, skip: params.skip, take: params.take, include: PERSON_RECORD_INCLUDE }) : Promise.resolve([]),
  ]);
  const resources = await renderScimUsers({
    db,
    people: rows.map(toPersonRecord),
    baseUrl: ctx.baseUrl,
    attributes: params.attributes,
    excludedAttributes: params.excludedAttributes,
  });
  return toScimListResponse({ resources, totalResults, startIndex: params.startIndex });
}
