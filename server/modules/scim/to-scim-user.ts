/**
 * Person record → SCIM User resource (RFC 7643 §4.1 core + §4.3 enterprise extension), with
 * `meta` (RFC 7643 §3.1). Unset values are omitted rather than sent as null (Microsoft Learn,
 * "Tutorial: Develop and plan provisioning for a SCIM endpoint": "If a value isn't present,
 * don't send null values").
 */
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from "./scim-constants";
import { formatScimVersion, scimLocation } from "./scim-meta";
import { projectScimAttributes, type TScimResource } from "./project-scim-attributes";
import type { TPersonRecord } from "./scim-records";

export type TScimUser = TScimResource;

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

export function toScimUser(options: {
  person: TPersonRecord;
  baseUrl: string;
  /** The manager's display name, when the caller loaded the manager Person. */
  managerDisplayName?: string | null;
  /** Groups the person belongs to (User.groups is readOnly and derived from Group.members). */
  groups?: ReadonlyArray<{ id: string; displayName: string }>;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}): TScimUser {
  const { person, baseUrl } = options;
  const name = compact({ formatted: person.formattedName, familyName: person.familyName, givenName: person.givenName });
  const manager = person.managerId
    ? compact({
        value: person.managerId,
        $ref: scimLocation({ baseUrl, endpoint: "Users", id: person.managerId }),
        displayName: options.managerDisplayName,
      })
    : person.managerExternalRef
      ? { value: person.managerExternalRef }
      : undefined;
  const enterprise = compact({
    employeeNumber: person.employeeNumber,
    costCenter: person.costCenter,
    organization: person.organization,
    division: person.division,
    department: person.department,
    manager,
  });
  const hasEnterprise = Object.keys(enterprise).length > 0;

  const resource: TScimUser = {
    schemas: hasEnterprise ? [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA] : [SCIM_USER_SCHEMA],
    id: person.id,
    ...compact({ externalId: person.externalId }),
    userName: person.userName,
    ...(Object.keys(name).length ? { name } : {}),
    ...compact({
      displayName: person.displayName,
      nickName: person.nickName,
      title: person.title,
      userType: person.userType,
      preferredLanguage: person.preferredLanguage,
      locale: person.locale,
      timezone: person.timezone,
    }),
    active: person.active,
    ...(person.emails.length ? { emails: person.emails.map((e) => compact({ ...e })) } : {}),
    ...(person.phoneNumbers.length ? { phoneNumbers: person.phoneNumbers.map((p) => compact({ ...p })) } : {}),
    ...(options.groups?.length
      ? {
          groups: options.groups.map((g) => ({
            value: g.id,
            $ref: scimLocation({ baseUrl, endpoint: "Groups", id: g.id }),
            display: g.displayName,
          })),
        }
      : {}),
    ...(hasEnterprise ? { [SCIM_ENTERPRISE_USER_SCHEMA]: enterprise } : {}),
    meta: {
      resourceType: "User",
      created: person.createdAt.toISOString(),
      lastModified: person.updatedAt.toISOString(),
      location: scimLocation({ baseUrl, endpoint: "Users", id: person.id }),
      version: formatScimVersion(person.version),
    },
  };
  return projectScimAttributes({
    resource,
    resourceType: "User",
    attributes: options.attributes,
    excludedAttributes: options.excludedAttributes,
  });
}
