/**
 * Resolve an attribute path (RFC 7644 §3.10: `[URN ":"] attrName ["." subAttr]`) against the
 * schemas Marshal supports. Attribute names are case-insensitive (RFC 7643 §2.1); the result
 * carries the canonical spelling. Unqualified names are looked up in the core schema first and
 * then in the enterprise extension, because Entra ID sends `manager` bare in some PATCHes
 * (Microsoft Learn, "Tutorial: Develop and plan provisioning for a SCIM endpoint", Example 5).
 */
import {
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_GROUP_SCHEMA,
  SCIM_USER_SCHEMA,
  type TScimResourceType,
} from "./scim-constants";
import {
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  findAttribute,
  GROUP_SCHEMA_DEFINITION,
  USER_SCHEMA_DEFINITION,
  type TScimAttributeDefinition,
} from "./scim-schema-definitions";

export type TScimNamespace = "core" | "enterprise";

export type TResolvedAttributePath =
  | {
      kind: "attribute";
      namespace: TScimNamespace;
      name: string;
      definition: TScimAttributeDefinition;
      sub?: string;
      subDefinition?: TScimAttributeDefinition;
    }
  /** id, externalId, schemas, or meta with an optional sub-attribute. */
  | { kind: "common"; name: "id" | "externalId" | "schemas" | "meta"; sub?: string }
  /** The whole enterprise extension object (`urn:...:enterprise:2.0:User`). */
  | { kind: "extension"; namespace: "enterprise" };

const META_SUB_ATTRIBUTES = ["resourceType", "created", "lastModified", "location", "version"];

export function coreSchemaOf(resourceType: TScimResourceType): string {
  return resourceType === "User" ? SCIM_USER_SCHEMA : SCIM_GROUP_SCHEMA;
}

/** Split a leading schema URN off an attribute path; returns the namespace and the rest. */
export function splitSchemaUrn(options: {
  resourceType: TScimResourceType;
  path: string;
}): { namespace: TScimNamespace | "unqualified"; rest: string } | undefined {
  const lower = options.path.toLowerCase();
  const core = coreSchemaOf(options.resourceType).toLowerCase();
  if (lower.startsWith(`${core}:`)) return { namespace: "core", rest: options.path.slice(core.length + 1) };
  if (options.resourceType === "User") {
    const ext = SCIM_ENTERPRISE_USER_SCHEMA.toLowerCase();
    if (lower === ext) return { namespace: "enterprise", rest: "" };
    if (lower.startsWith(`${ext}:`)) return { namespace: "enterprise", rest: options.path.slice(ext.length + 1) };
  }
  if (lower.startsWith("urn:")) return undefined;
  return { namespace: "unqualified", rest: options.path };
}

/** Resolve `path`, or undefined when no supported attribute has that name. */
export function resolveScimAttributePath(options: {
  resourceType: TScimResourceType;
  path: string;
}): TResolvedAttributePath | undefined {
  const split = splitSchemaUrn(options);
  if (!split) return undefined;
  if (split.namespace === "enterprise" && split.rest === "") return { kind: "extension", namespace: "enterprise" };
  const parts = split.rest.split(".");
  if (parts.length > 2 || parts.some((p) => p === "")) return undefined;
  const [name, sub] = parts;

  if (split.namespace !== "enterprise") {
    const lowerName = name.toLowerCase();
    for (const common of ["id", "externalId", "schemas", "meta"] as const) {
      if (lowerName !== common.toLowerCase()) continue;
      if (common !== "meta") return sub === undefined ? { kind: "common", name: common } : undefined;
      if (sub === undefined) return { kind: "common", name: "meta" };
      const metaSub = META_SUB_ATTRIBUTES.find((m) => m.toLowerCase() === sub.toLowerCase());
      return metaSub ? { kind: "common", name: "meta", sub: metaSub } : undefined;
    }
  }

  const coreDefinitions =
    options.resourceType === "User" ? USER_SCHEMA_DEFINITION.attributes : GROUP_SCHEMA_DEFINITION.attributes;
  const candidates: Array<[TScimNamespace, readonly TScimAttributeDefinition[]]> = [];
  if (split.namespace !== "enterprise") candidates.push(["core", coreDefinitions]);
  if (options.resourceType === "User" && split.namespace !== "core") {
    candidates.push(["enterprise", ENTERPRISE_USER_SCHEMA_DEFINITION.attributes]);
  }
  for (const [namespace, definitions] of candidates) {
    const definition = findAttribute(definitions, name);
    if (!definition) continue;
    if (sub === undefined) return { kind: "attribute", namespace, name: definition.name, definition };
    const subDefinition = definition.subAttributes ? findAttribute(definition.subAttributes, sub) : undefined;
    if (!subDefinition) return undefined;
    return { kind: "attribute", namespace, name: definition.name, definition, sub: subDefinition.name, subDefinition };
  }
  return undefined;
}
