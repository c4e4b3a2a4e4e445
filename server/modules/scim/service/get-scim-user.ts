/** GET /Users/{id} (RFC 7644 §3.4.1). */
import { findScimPersonById, findScimPersonRelations } from "@/server/db/scim";
import { notFoundError } from "../scim-errors";
import type { TPersonRecord } from "../scim-records";
import { groupsOfRow, PERSON_RECORD_INCLUDE, toPersonRecord } from "./directory-records";
import { renderScimUsers } from "./render-scim-users";
import type { TScimServiceContext } from "./scim-service-context";
import { renderPersonRows } from "./scim-row-records";

type TGetScimUserOptions = {
  ctx: TScimServiceContext;
  id: string;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
};

/** One raw SQL statement (server/db/scim.ts): the person with emails, groups and manager name. */
export async function getScimUser(opts: TGetScimUserOptions) {
  const row = await findScimPersonById({ tenantId: opts.ctx.scope.tenantId, id: opts.id });
  if (!row) throw notFoundError("User", opts.id);
  const { records, resources } = await renderPersonRows({ ctx: opts.ctx, rows: [row], attributes: opts.attributes, excludedAttributes: opts.excludedAttributes });
  return { record: records[0]!, resource: resources[0]! };
}

/** The same read through Prisma (kept as the reference the raw SQL path is checked against). */
export async function getScimUserWithPrisma(opts: TGetScimUserOptions) {
  const row = await opts.ctx.scope.db.person.findFirst({ where: { id: opts.id, deletedAt: null }, include: PERSON_RECORD_INCLUDE });
  if (!row) throw notFoundError("User", opts.id);
  const record = toPersonRecord(row);
  return { record, resource: await renderUser({ ...opts, record, groups: groupsOfRow(row) }) };
}

/** One record → its SCIM resource (also used to answer writes). */
export async function renderUser(opts: {
  ctx: TScimServiceContext;
  record: TPersonRecord;
  /** The person's groups, when already loaded. */
  groups?: Array<{ id: string; displayName: string }>;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}) {
  // Groups and manager name in one raw SQL statement (server/db/scim.ts) unless the caller has them.
  const { record } = opts;
  const relations = opts.groups
    ? undefined
    : await findScimPersonRelations({ tenantId: opts.ctx.scope.tenantId, personId: record.id, managerId: record.managerId });
  const [resource] = await renderScimUsers({
    db: opts.ctx.scope.db,
    people: [record],
    groupsByPerson: new Map([[record.id, opts.groups ?? relations!.groups]]),
    managerNames: relations && record.managerId ? new Map([[record.managerId, relations.managerDisplayName]]) : undefined,
    baseUrl: opts.ctx.baseUrl,
    attributes: opts.attributes,
    excludedAttributes: opts.excludedAttributes,
  });
  return resource!;
}
