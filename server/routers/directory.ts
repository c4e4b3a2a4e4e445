import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { listDirectoryPeople } from "@/server/modules/scim/directory/list-directory-people";
import { getDirectoryPerson } from "@/server/modules/scim/directory/get-directory-person";
import { listDirectoryGroups } from "@/server/modules/scim/directory/list-directory-groups";
import { setGroupMapping } from "@/server/modules/scim/directory/set-group-mapping";

const ZMapping = z.enum(["none", "business_unit", "project", "policy_class"]);
const ZGroupRef = z.object({ id: z.string(), displayName: z.string(), mapping: ZMapping });
const ZPage = { offset: z.coerce.number().int().min(0).max(1_000_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(50) };

const ZPersonRow = z.object({
  id: z.string(),
  userName: z.string(),
  name: z.string().nullable(),
  active: z.boolean(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  managerId: z.string().nullable(),
  updatedAt: z.date(),
  devices: z.number().int(),
  agentsActive: z.number().int(),
  agentsRevoked: z.number().int(),
  groups: z.array(ZGroupRef),
});

const ZPersonDetail = z.object({
  id: z.string(),
  userName: z.string(),
  externalId: z.string().nullable(),
  displayName: z.string().nullable(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  active: z.boolean(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  costCenter: z.string().nullable(),
  employeeNumber: z.string().nullable(),
  division: z.string().nullable(),
  organization: z.string().nullable(),
  manager: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
  emails: z.array(z.object({ value: z.string(), type: z.string().nullable(), primary: z.boolean() })),
  groups: z.array(ZGroupRef),
  devices: z.array(z.object({ id: z.string(), hostname: z.string(), os: z.string(), ring: z.string(), status: z.string(), lastCheckinAt: z.date().nullable() })),
  identities: z.array(
    z.object({
      id: z.string(),
      productSlug: z.string(),
      status: z.string(),
      statusReason: z.string().nullable(),
      deviceId: z.string(),
      policyClass: z.string(),
      lastUsedAt: z.date().nullable(),
      revokedAt: z.date().nullable(),
    }),
  ),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const directoryRouter = router({
  people: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/directory/people", protect: true, tags: ["directory"], summary: "People provisioned by SCIM, with their devices, agents and groups" } })
    .input(
      z.object({
        search: z.string().trim().max(200).optional(),
        status: z.enum(["all", "active", "inactive"]).default("all"),
        groupId: z.string().min(1).max(64).optional(),
        ...ZPage,
      }),
    )
    .output(z.object({ total: z.number().int(), people: z.array(ZPersonRow) }))
    .query(({ ctx, input }) =>
      listDirectoryPeople({ scope: ctx.scope, filter: { search: input.search, status: input.status, groupId: input.groupId }, offset: input.offset, limit: input.limit }),
    ),

  person: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/directory/people/{id}", protect: true, tags: ["directory"], summary: "One person with emails, manager, groups, devices and agent identities" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(ZPersonDetail)
    .query(({ ctx, input }) => getDirectoryPerson({ scope: ctx.scope, id: input.id })),

  groups: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/directory/groups", protect: true, tags: ["directory"], summary: "Groups with member counts and their mapping" } })
    .input(z.object({ search: z.string().trim().max(200).optional(), ...ZPage }))
    .output(
      z.object({
        total: z.number().int(),
        groups: z.array(z.object({ id: z.string(), displayName: z.string(), externalId: z.string().nullable(), mapping: ZMapping, updatedAt: z.date(), members: z.number().int() })),
      }),
    )
    .query(({ ctx, input }) => listDirectoryGroups({ scope: ctx.scope, search: input.search, offset: input.offset, limit: input.limit })),

  setGroupMapping: adminProcedure
    .meta({ openapi: { method: "PUT", path: "/directory/groups/{groupId}/mapping", protect: true, tags: ["directory"], summary: "Map a group to a business unit, project or policy class (or none)" } })
    .input(z.object({ groupId: z.string().min(1).max(64), mapping: ZMapping }))
    .output(z.object({ id: z.string(), mapping: ZMapping }))
    .mutation(({ ctx, input }) => setGroupMapping({ scope: ctx.scope, groupId: input.groupId, mapping: input.mapping })),
});
