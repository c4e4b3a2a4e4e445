/**
 * Evaluate a parsed SCIM filter against a SCIM JSON resource (as produced by toScimUser /
 * toScimGroup) or, with `within`, against one value of a multi-valued attribute (a PATCH value
 * filter such as `emails[type eq "work"]` or `members[value eq "..."]`). Semantics match
 * compileScimFilter: case-insensitive names, caseExact per attribute, `ne` and ordering only on
 * present values, `pr` = present and non-empty, dateTime compared as instants.
 */
import type { TScimResourceType } from "./scim-constants";
import { ScimError } from "./scim-errors";
import { parseFilterDate } from "./compile-scim-filter";
import type { TScimFilter } from "./parse-scim-filter";
import { resolveScimAttributePath } from "./resolve-scim-attribute-path";
import type { TScimAttributeDefinition } from "./scim-schema-definitions";
import { findAttribute } from "./scim-schema-definitions";

type TCompValue = string | number | boolean | null;
type TLookup = { values: unknown[]; caseExact: boolean; type: TScimAttributeDefinition["type"] };
type TResolver = (target: unknown, attrPath: string) => TLookup & { subAttributes?: TScimAttributeDefinition[] };

function getCaseInsensitive(target: unknown, key: string): unknown {
  if (typeof target !== "object" || target === null || Array.isArray(target)) return undefined;
  const lower = key.toLowerCase();
  const found = Object.keys(target).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : (target as Record<string, unknown>)[found];
}

function flatten(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.filter((v) => v !== undefined && v !== null) : [value];
}

function isEmpty(value: unknown): boolean {
  if (value === "" || value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value).every(isEmpty);
  return false;
}

function compare(op: string, actual: unknown, expected: TCompValue, lookup: TLookup): boolean {
  if (lookup.type === "dateTime") {
    const a = typeof actual === "string" || actual instanceof Date ? new Date(actual).getTime() : NaN;
    const e = parseFilterDate(expected).getTime();
    if (Number.isNaN(a)) return false;
    return op === "eq" ? a === e : op === "ne" ? a !== e : op === "gt" ? a > e : op === "ge" ? a >= e : op === "lt" ? a < e : a <= e;
  }
  if (lookup.type === "boolean") {
    const e = typeof expected === "string" ? expected.toLowerCase() === "true" : expected;
    return op === "eq" ? actual === e : actual !== e;
  }
  if (typeof actual !== "string" || typeof expected !== "string") return false;
  const fold = (s: string) => (lookup.caseExact ? s : s.toLowerCase());
  const [a, e] = [fold(actual), fold(expected)];
  switch (op) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    // ordering compares the stored strings as they are, like the database does
    case "gt":
      return actual > expected;
    case "ge":
      return actual >= expected;
    case "lt":
      return actual < expected;
    case "le":
      return actual <= expected;
    default:
      return false;
  }
}

function checkOperator(op: string, compValue: TCompValue | undefined, lookup: TLookup, attrPath: string): void {
  const fail = (detail: string) => {
    throw new ScimError(400, "invalidFilter", detail);
  };
  if (lookup.type === "complex") fail(`'${attrPath}' is a complex attribute; name a sub-attribute`);
  if (lookup.type === "boolean" && !["eq", "ne"].includes(op)) fail(`Operator '${op}' does not apply to a boolean attribute`);
  if (lookup.type === "boolean" && typeof compValue !== "boolean" && !(typeof compValue === "string" && /^(true|false)$/i.test(compValue))) {
    fail("A boolean attribute compares with true or false");
  }
  if (lookup.type === "dateTime" && ["co", "sw", "ew"].includes(op)) fail(`Operator '${op}' does not apply to a dateTime attribute`);
  if (lookup.type === "dateTime") parseFilterDate(compValue);
  if ((lookup.type === "string" || lookup.type === "reference") && compValue !== null && typeof compValue !== "string") {
    fail(`Attribute '${attrPath}' compares with a string value`);
  }
}

function evaluate(node: TScimFilter, target: unknown, resolve: TResolver, depth: number): boolean {
  if (depth > 64) throw new ScimError(400, "invalidFilter", "The filter is nested too deeply");
  switch (node.op) {
    case "and":
      return node.filters.every((f) => evaluate(f, target, resolve, depth + 1));
    case "or":
      return node.filters.some((f) => evaluate(f, target, resolve, depth + 1));
    case "not":
      return !evaluate(node.filter, target, resolve, depth + 1);
    case "[]": {
      const lookup = resolve(target, node.attrPath);
      const subs = lookup.subAttributes;
      if (!subs) throw new ScimError(400, "invalidFilter", `'${node.attrPath}' is not a multi-valued attribute`);
      const inner = subResolver(subs, node.attrPath);
      return lookup.values.some((element) => evaluate(node.valFilter, element, inner, depth + 1));
    }
    case "pr": {
      const lookup = resolve(target, node.attrPath);
      return lookup.values.some((v) => !isEmpty(v));
    }
    default: {
      if (!("compValue" in node)) throw new ScimError(400, "invalidFilter", "Unknown operator");
      let lookup = resolve(target, node.attrPath);
      // A bare multi-valued attribute compares its `value` sub-attribute (RFC 7644 §3.4.2.2).
      if (lookup.type === "complex" && lookup.subAttributes && findAttribute(lookup.subAttributes, "value")) {
        const value = findAttribute(lookup.subAttributes, "value")!;
        lookup = {
          values: lookup.values.map((v) => getCaseInsensitive(v, "value")),
          caseExact: value.caseExact,
          type: value.type,
        };
      }
      checkOperator(node.op, node.compValue, lookup, node.attrPath);
      if (node.compValue === null) {
        const presentValues = lookup.values.filter((v) => !isEmpty(v));
        return node.op === "eq" ? presentValues.length === 0 : node.op === "ne" ? presentValues.length > 0 : false;
      }
      return lookup.values.some((v) => compare(node.op, v, node.compValue as TCompValue, lookup));
    }
  }
}

function subResolver(subs: TScimAttributeDefinition[], parent: string): TResolver {
  return (target, attrPath) => {
    const definition = findAttribute(subs, attrPath);
    if (!definition) throw new ScimError(400, "invalidFilter", `Unknown sub-attribute '${attrPath}' of '${parent}'`);
    return {
      values: flatten(getCaseInsensitive(target, definition.name)),
      caseExact: definition.caseExact,
      type: definition.type,
    };
  };
}

function resourceResolver(resourceType: TScimResourceType): TResolver {
  return (target, attrPath) => {
    const resolved = resolveScimAttributePath({ resourceType, path: attrPath });
    if (!resolved || resolved.kind === "extension") {
      throw new ScimError(400, "invalidFilter", `Unknown attribute '${attrPath}' in filter`);
    }
    const container =
      resolved.kind === "attribute" && resolved.namespace === "enterprise"
        ? getCaseInsensitive(target, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        : target;
    if (resolved.kind === "common") {
      const top = getCaseInsensitive(container, resolved.name);
      const values = resolved.sub ? flatten(getCaseInsensitive(top, resolved.sub)) : flatten(top);
      const isDate = resolved.sub === "created" || resolved.sub === "lastModified";
      return { values, caseExact: resolved.name === "id" || resolved.name === "externalId", type: isDate ? "dateTime" : "string" };
    }
    const top = flatten(getCaseInsensitive(container, resolved.name));
    if (!resolved.sub) {
      return {
        values: top,
        caseExact: resolved.definition.caseExact,
        type: resolved.definition.type,
        subAttributes: resolved.definition.subAttributes,
      };
    }
    return {
      values: top.flatMap((v) => flatten(getCaseInsensitive(v, resolved.sub!))),
      caseExact: resolved.subDefinition!.caseExact,
      type: resolved.subDefinition!.type,
    };
  };
}

/**
 * True when `resource` matches `filter`. With `within` (the name of a multi-valued attribute,
 * e.g. "emails" or "members"), `resource` is one value of that attribute and the filter's
 * attribute names are its sub-attributes. Unknown attributes throw ScimError(400, invalidFilter).
 */
export function matchesScimFilter(options: {
  resource: unknown;
  filter: TScimFilter;
  resourceType: TScimResourceType;
  within?: string;
}): boolean {
  if (options.within) {
    const parent = resolveScimAttributePath({ resourceType: options.resourceType, path: options.within });
    if (parent?.kind !== "attribute" || !parent.definition.subAttributes || parent.sub) {
      throw new ScimError(400, "invalidFilter", `'${options.within}' is not a multi-valued attribute`);
    }
    return evaluate(options.filter, options.resource, subResolver(parent.definition.subAttributes, parent.name), 0);
  }
  return evaluate(options.filter, options.resource, resourceResolver(options.resourceType), 0);
}
