/**
 * The attributes this service provider supports, written once in the RFC 7643 §7 attribute
 * definition format. They drive the /Schemas discovery answer, and the parsers, PATCH, filter
 * compiler and projection look attribute names, types, caseExact and mutability up here.
 *
 * Attribute definitions follow RFC 7643 §4.1 (User), §4.2 (Group), §4.3 (Enterprise User) and
 * §8.7.1 (their schema representation), restricted to what Marshal stores.
 */
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA } from "./scim-constants";

export type TScimAttributeDefinition = {
  name: string;
  type: "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: TScimAttributeDefinition[];
};

export type TScimSchemaDefinition = {
  id: string;
  name: string;
  description: string;
  attributes: TScimAttributeDefinition[];
};

function attr(
  name: string,
  description: string,
  extra: Partial<Omit<TScimAttributeDefinition, "name" | "description">> = {},
): TScimAttributeDefinition {
  return {
    name,
    type: "string",
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...extra,
  };
}

const multiValuedSubAttributes = (what: string, types: string[]): TScimAttributeDefinition[] => [
  attr("value", `The ${what}.`),
  attr("type", `A label indicating the ${what}'s function.`, { canonicalValues: types }),
  attr("primary", `Whether this is the primary ${what}; "true" appears no more than once.`, { type: "boolean" }),
];

export const USER_SCHEMA_DEFINITION: TScimSchemaDefinition = {
  id: SCIM_USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    attr("userName", "Unique identifier for the User, used to authenticate; unique per tenant, case-insensitive. REQUIRED.", {
      required: true,
      uniqueness: "server",
    }),
    attr("name", "The components of the user's name.", {
      type: "complex",
      subAttributes: [
        attr("formatted", "The full name, formatted for display."),
        attr("familyName", "The family name of the User."),
        attr("givenName", "The given name of the User."),
      ],
    }),
    attr("displayName", "The name of the User, suitable for display to end-users."),
    attr("nickName", "The casual way to address the user."),
    attr("title", "The user's title, such as \"Vice President\"."),
    attr("userType", "The relationship between the organization and the user, e.g. \"Employee\"."),
    attr("preferredLanguage", "The User's preferred written or spoken language (RFC 7231 Accept-Language)."),
    attr("locale", "The User's default location for localizing, e.g. \"en-US\"."),
    attr("timezone", "The User's time zone in IANA Time Zone database format, e.g. \"America/Los_Angeles\"."),
    attr("active", "The User's administrative status; false deactivates the person and stops their agents.", {
      type: "boolean",
    }),
    attr("emails", "Email addresses for the user.", {
      type: "complex",
      multiValued: true,
      subAttributes: multiValuedSubAttributes("email address", ["work", "home", "other"]),
    }),
    attr("phoneNumbers", "Phone numbers for the User.", {
      type: "complex",
      multiValued: true,
      subAttributes: multiValuedSubAttributes("phone number", ["work", "home", "mobile", "fax", "pager", "other"]),
    }),
    attr("groups", "Groups the user belongs to; managed through the Group resource.", {
      type: "complex",
      multiValued: true,
      mutability: "readOnly",
      subAttributes: [
        attr("value", "The identifier of the User's group.", { mutability: "readOnly", caseExact: true }),
        attr("$ref", "The URI of the Group resource.", {
          type: "reference",
          referenceTypes: ["Group"],
          mutability: "readOnly",
          caseExact: true,
        }),
        attr("display", "The display name of the group.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

export const ENTERPRISE_USER_SCHEMA_DEFINITION: TScimSchemaDefinition = {
  id: SCIM_ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attr("employeeNumber", "Identifier assigned to a person, typically based on order of hire."),
    attr("costCenter", "Identifies the name of a cost center."),
    attr("organization", "Identifies the name of an organization."),
    attr("division", "Identifies the name of a division."),
    attr("department", "Identifies the name of a department."),
    attr("manager", "The User's manager.", {
      type: "complex",
      subAttributes: [
        attr("value", "The id of the SCIM resource representing the User's manager.", { caseExact: true }),
        attr("$ref", "The URI of the SCIM resource representing the User's manager.", {
          type: "reference",
          referenceTypes: ["User"],
          caseExact: true,
        }),
        attr("displayName", "The displayName of the User's manager.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

export const GROUP_SCHEMA_DEFINITION: TScimSchemaDefinition = {
  id: SCIM_GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    attr("displayName", "A human-readable name for the Group; unique per tenant. REQUIRED.", {
      required: true,
      uniqueness: "server",
    }),
    attr("members", "A list of members of the Group (Users only).", {
      type: "complex",
      multiValued: true,
      subAttributes: [
        attr("value", "Identifier of the member of this Group.", { caseExact: true, mutability: "immutable" }),
        attr("$ref", "The URI of the member resource.", {
          type: "reference",
          referenceTypes: ["User"],
          caseExact: true,
          mutability: "immutable",
        }),
        attr("display", "The display name of the member.", { mutability: "readOnly" }),
        attr("type", "The type of member; only \"User\" is supported.", {
          canonicalValues: ["User"],
          mutability: "immutable",
        }),
      ],
    }),
  ],
};

/**
 * RFC 7643 §4.1 User attributes that Marshal accepts but does not store (they are ignored on
 * write, like Okta's `password` and Entra's `roles: []`). An attribute in neither this list nor
 * the definitions above is unknown and refused.
 */
export const IGNORED_USER_ATTRIBUTES = new Set(
  ["password", "addresses", "ims", "photos", "roles", "entitlements", "x509Certificates", "profileUrl"].map((n) =>
    n.toLowerCase(),
  ),
);

/** name sub-attributes of RFC 7643 §4.1.1 that Marshal does not store (ignored on write). */
export const IGNORED_NAME_SUB_ATTRIBUTES = new Set(["middlename", "honorificprefix", "honorificsuffix"]);

/** Attributes common to every resource (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES = ["id", "externalId", "meta", "schemas"] as const;

export function findAttribute(
  definitions: readonly TScimAttributeDefinition[],
  name: string,
): TScimAttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return definitions.find((d) => d.name.toLowerCase() === lower);
}
