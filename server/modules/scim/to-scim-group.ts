/** Group record → SCIM Group resource (RFC 7643 §4.2) with `meta` (RFC 7643 §3.1). */
import { SCIM_GROUP_SCHEMA } from "./scim-constants";
import { formatScimVersion, scimLocation } from "./scim-meta";
import { projectScimAttributes, type TScimResource } from "./project-scim-attributes";
import type { TGroupRecord } from "./scim-records";

export type TScimGroup = TScimResource;

export function toScimGroup(options: {
  group: TGroupRecord;
  baseUrl: string;
  attributes?: readonly string[];
  /** Entra ID reads groups with `excludedAttributes=members`. */
  excludedAttributes?: readonly string[];
}): TScimGroup {
  const { group, baseUrl } = options;
  const resource: TScimGroup = {
    schemas: [SCIM_GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    members: group.members.map((m) => ({
      value: m.personId,
      $ref: scimLocation({ baseUrl, endpoint: "Users", id: m.personId }),
      type: "User",
      ...(m.display ? { display: m.display } : {}),
    })),
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: scimLocation({ baseUrl, endpoint: "Groups", id: group.id }),
      version: formatScimVersion(group.version),
    },
  };
  return projectScimAttributes({
    resource,
    resourceType: "Group",
    attributes: options.attributes,
    excludedAttributes: options.excludedAttributes,
  });
}
