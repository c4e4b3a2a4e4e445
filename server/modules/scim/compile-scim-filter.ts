/**
 * Compile a parsed SCIM filter (RFC 7644 §3.4.2.2) into a Prisma `where` object for the Person
 * or Group model (prisma/schema.prisma). Semantics, shared with matchesScimFilter:
 * - attribute names are case-insensitive; string comparisons follow the attribute's caseExact
 *   (userName, displayName, emails.value...: insensitive; id, externalId, members.value: exact);
 * - a comparison (`ne` included) matches only a present value, so an absent attribute matches
 *   nothing but `not (...)`; `pr` means present and non-empty;
 * - a multi-valued attribute matches when one of its values matches (`emails[type eq "work"]`
 *   correlates the inner conditions to one email), and a bare multi-valued name means its
 *   `value` sub-attribute;
 * - dateTime attributes (meta.created, meta.lastModified) take an RFC 3339 string and support
 *   eq ne gt ge lt le pr; boolean attributes support eq ne pr.
 * An attribute Marshal does not filter on, or an operator that does not fit the attribute's
 * type, throws ScimError(400, invalidFilter).
 */
import type { TScimResourceType } from "./scim-constants";
import { ScimError } from "./scim-errors";
import type { TScimFilter } from "./parse-scim-filter";
import { resolveScimAttributePath } from "./resolve-scim-attribute-path";

export type TPrismaWhere = { [key: string]: unknown };

type TCompValue = string | number | boolean | null;

type TFieldSpec =
  | { kind: "string"; field: string; caseExact: boolean; required?: true }
  | { kind: "boolean"; field: string }
  | { kind: "date"; field: string }
  | { kind: "manager" }
  | { kind: "relation"; relation: string; subs: Record<string, TFieldSpec> };

const EMAIL_SUBS: Record<string, TFieldSpec> = {
  value: { kind: "string", field: "value", caseExact: false, required: true },
  type: { kind: "string", field: "type", caseExact: false },
  primary: { kind: "boolean", field: "primary" },
};

const PERSON_FIELDS: Record<string, TFieldSpec> = {
  username: { kind: "string", field: "userName", caseExact: false, required: true },
  "name.formatted": { kind: "string", field: "formattedName", caseExact: false },
  "name.familyname": { kind: "string", field: "familyName", caseExact: false },
  "name.givenname": { kind: "string", field: "givenName", caseExact: false },
  displayname: { kind: "string", field: "displayName", caseExact: false },
  nickname: { kind: "string", field: "nickName", caseExact: false },
  title: { kind: "string", field: "title", caseExact: false },
  usertype: { kind: "string", field: "userType", caseExact: false },
  preferredlanguage: { kind: "string", field: "preferredLanguage", caseExact: false },
  locale: { kind: "string", field: "locale", caseExact: false },
  timezone: { kind: "string", field: "timezone", caseExact: false },
  active: { kind: "boolean", field: "active" },
  emails: { kind: "relation", relation: "emails", subs: EMAIL_SUBS },
  groups: {
    kind: "relation",
    relation: "groups",
    subs: { value: { kind: "string", field: "groupId", caseExact: true, required: true } },
  },
  employeenumber: { kind: "string", field: "employeeNumber", caseExact: false },
  costcenter: { kind: "string", field: "costCenter", caseExact: false },
  organization: { kind: "string", field: "organization", caseExact: false },
  division: { kind: "string", field: "division", caseExact: false },
  department: { kind: "string", field: "department", caseExact: false },
  manager: { kind: "manager" },
  "manager.value": { kind: "manager" },
};

const GROUP_FIELDS: Record<string, TFieldSpec> = {
  displayname: { kind: "string", field: "displayName", caseExact: false, required: true },
  members: {
    kind: "relation",
    relation: "members",
    subs: { value: { kind: "string", field: "personId", caseExact: true, required: true } },
  },
};

const COMMON_FIELDS: Record<string, TFieldSpec> = {
  id: { kind: "string", field: "id", caseExact: true, required: true },
  externalid: { kind: "string", field: "externalId", caseExact: true },
  "meta.created": { kind: "date", field: "createdAt" },
  "meta.lastmodified": { kind: "date", field: "updatedAt" },
};

function invalidFilter(detail: string): never {
  throw new ScimError(400, "invalidFilter", detail);
}

function fieldSpecFor(resourceType: TScimResourceType, attrPath: string): TFieldSpec {
  const resolved = resolveScimAttributePath({ resourceType, path: attrPath });
  if (!resolved || resolved.kind === "extension") return invalidFilter(`Unknown attribute '${attrPath}' in filter`);
  const key = (resolved.sub ? `${resolved.name}.${resolved.sub}` : resolved.name).toLowerCase();
  const table = resolved.kind === "common" ? COMMON_FIELDS : resourceType === "User" ? PERSON_FIELDS : GROUP_FIELDS;
  const spec = table[key];
  if (spec) return spec;
  // `emails.type`, `members.value`: a sub-attribute of a multi-valued attribute.
  if (resolved.kind === "attribute" && resolved.sub) {
    const parent = table[resolved.name.toLowerCase()];
    if (parent?.kind === "relation") {
      const sub = parent.subs[resolved.sub.toLowerCase()];
      if (sub) return { kind: "relation", relation: parent.relation, subs: { value: sub } };
    }
  }
  return invalidFilter(`Filtering on '${attrPath}' is not supported`);
}

function stringFilter(op: string, value: string, caseExact: boolean): TPrismaWhere {
  const mode = caseExact ? {} : { mode: "insensitive" };
  switch (op) {
    case "eq":
      return { equals: value, ...mode };
    case "co":
      return { contains: value, ...mode };
    case "sw":
      return { startsWith: value, ...mode };
    case "ew":
      return { endsWith: value, ...mode };
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return { [op === "ge" ? "gte" : op === "le" ? "lte" : op]: value };
    default:
      return invalidFilter(`Operator '${op}' is not supported`);
  }
}

/**
 * Columns that are NOT NULL in the schema (userName, Group.displayName, ids, emails.value, member
 * ids) take no `not: null` guard: Prisma refuses `{ not: null }` on a required field.
 */
function present(field: string, required = false): TPrismaWhere {
  return required ? { [field]: { not: "" } } : { AND: [{ [field]: { not: null } }, { [field]: { not: "" } }] };
}

function compileString(field: string, caseExact: boolean, op: string, compValue: TCompValue | undefined, required = false): TPrismaWhere {
  if (op === "pr") return present(field, required);
  if (compValue === null && (op === "eq" || op === "ne")) {
    if (required) return op === "eq" ? { [field]: { in: [] } } : {};
    return op === "eq" ? { [field]: null } : { [field]: { not: null } };
  }
  if (typeof compValue !== "string") return invalidFilter(`Attribute '${field}' compares with a string value`);
  // Every comparison is guarded with `not: null` so SQL's NULL never leaks into a NOT: an absent
  // value then compares false, exactly as matchesScimFilter evaluates it.
  if (required) {
    return op === "ne" ? { NOT: { [field]: stringFilter("eq", compValue, caseExact) } } : { [field]: stringFilter(op, compValue, caseExact) };
  }
  if (op === "ne") {
    return { AND: [{ [field]: { not: null } }, { NOT: { [field]: stringFilter("eq", compValue, caseExact) } }] };
  }
  return { AND: [{ [field]: { not: null } }, { [field]: stringFilter(op, compValue, caseExact) }] };
}

function booleanValue(compValue: TCompValue | undefined): boolean {
  if (typeof compValue === "boolean") return compValue;
  if (typeof compValue === "string" && /^(true|false)$/i.test(compValue)) return compValue.toLowerCase() === "true";
  return invalidFilter("A boolean attribute compares with true or false");
}

function compileBoolean(field: string, op: string, compValue: TCompValue | undefined): TPrismaWhere {
  if (op === "pr") return {};
  if (op === "eq") return { [field]: booleanValue(compValue) };
  if (op === "ne") return { [field]: !booleanValue(compValue) };
  return invalidFilter(`Operator '${op}' does not apply to a boolean attribute`);
}

/** Parse an RFC 3339 date-time compValue; throws invalidFilter when it is not one. */
export function parseFilterDate(compValue: TCompValue | undefined): Date {
  if (typeof compValue !== "string" || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(compValue)) {
    return invalidFilter("A dateTime attribute compares with an RFC 3339 date-time string");
  }
  const date = new Date(compValue);
  if (Number.isNaN(date.getTime())) return invalidFilter(`'${compValue}' is not a valid date-time`);
  return date;
}

function compileDate(field: string, op: string, compValue: TCompValue | undefined): TPrismaWhere {
  if (op === "pr") return {};
  const date = parseFilterDate(compValue);
  switch (op) {
    case "eq":
      return { [field]: date };
    case "ne":
      return { [field]: { not: date } };
    case "gt":
    case "lt":
      return { [field]: { [op]: date } };
    case "ge":
      return { [field]: { gte: date } };
    case "le":
      return { [field]: { lte: date } };
    default:
      return invalidFilter(`Operator '${op}' does not apply to a dateTime attribute`);
  }
}

function compileManager(op: string, compValue: TCompValue | undefined): TPrismaWhere {
  if (op === "pr") return { OR: [present("managerId"), present("managerExternalRef")] };
  const either = (o: string) => ({
    OR: [compileString("managerId", true, o, compValue), compileString("managerExternalRef", true, o, compValue)],
  });
  if (op === "ne") {
    if (compValue === null) return either("ne");
    return { AND: [{ OR: [{ managerId: { not: null } }, { managerExternalRef: { not: null } }] }, { NOT: either("eq") }] };
  }
  return either(op);
}

function compileComparison(spec: TFieldSpec, op: string, compValue: TCompValue | undefined): TPrismaWhere {
  switch (spec.kind) {
    case "string":
      return compileString(spec.field, spec.caseExact, op, compValue, spec.required);
    case "boolean":
      return compileBoolean(spec.field, op, compValue);
    case "date":
      return compileDate(spec.field, op, compValue);
    case "manager":
      return compileManager(op, compValue);
    case "relation": {
      if (op === "pr") return { [spec.relation]: { some: {} } };
      const value = spec.subs.value;
      if (!value) return invalidFilter("This multi-valued attribute has no value to compare");
      return { [spec.relation]: { some: compileComparison(value, op, compValue) } };
    }
  }
}

function compileNode(node: TScimFilter, resolve: (attrPath: string) => TFieldSpec, depth: number): TPrismaWhere {
  if (depth > 64) return invalidFilter("The filter is nested too deeply");
  switch (node.op) {
    case "and":
    case "or":
      return { [node.op.toUpperCase()]: node.filters.map((f) => compileNode(f, resolve, depth + 1)) };
    case "not":
      return { NOT: compileNode(node.filter, resolve, depth + 1) };
    case "[]": {
      const spec = resolve(node.attrPath);
      if (spec.kind !== "relation") return invalidFilter(`'${node.attrPath}' is not a multi-valued attribute`);
      const inner = (sub: string): TFieldSpec => {
        const found = spec.subs[sub.toLowerCase()];
        return found ?? invalidFilter(`Unknown sub-attribute '${sub}' of '${node.attrPath}' in filter`);
      };
      return { [spec.relation]: { some: compileNode(node.valFilter, inner, depth + 1) } };
    }
    case "pr":
      return compileComparison(resolve(node.attrPath), "pr", undefined);
    default: {
      if (!("compValue" in node)) return invalidFilter(`Unknown operator '${(node as { op: string }).op}'`);
      return compileComparison(resolve(node.attrPath), node.op, node.compValue);
    }
  }
}

/** A parsed SCIM filter → Prisma `where` for Person (resourceType "User") or Group. */
export function compileScimFilter(options: { resourceType: TScimResourceType; filter: TScimFilter }): TPrismaWhere {
  return compileNode(options.filter, (attrPath) => fieldSpecFor(options.resourceType, attrPath), 0);
}

const SORTABLE: Record<TScimResourceType, Set<string>> = {
  User: new Set(["string", "boolean", "date"]),
  Group: new Set(["string", "date"]),
};

/**
 * sortBy/sortOrder (RFC 7644 §3.4.2.3) → Prisma orderBy. Always ends with `id` so pages are
 * stable (Okta requires the same ordering across pages). Without sortBy, results are ordered by
 * creation time. Sorting by a multi-valued or unsupported attribute throws invalidValue.
 */
export function compileScimSort(options: {
  resourceType: TScimResourceType;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
}): Array<Record<string, "asc" | "desc">> {
  const direction = options.sortOrder === "descending" ? "desc" : "asc";
  if (!options.sortBy) return [{ createdAt: "asc" }, { id: "asc" }];
  let spec: TFieldSpec;
  try {
    spec = fieldSpecFor(options.resourceType, options.sortBy);
  } catch {
    throw new ScimError(400, "invalidValue", `Cannot sort by '${options.sortBy}'`);
  }
  if (!("field" in spec) || !SORTABLE[options.resourceType].has(spec.kind)) {
    throw new ScimError(400, "invalidValue", `Cannot sort by '${options.sortBy}'`);
  }
  return spec.field === "id" ? [{ id: direction }] : [{ [spec.field]: direction }, { id: direction }];
}
