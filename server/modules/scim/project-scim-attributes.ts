/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a SCIM resource.
 * `id`, `schemas` and `meta.resourceType` are always returned (RFC 7643 §3.1: returned "always").
 * Names are matched case-insensitively and may be URN-qualified
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`) or name a
 * sub-attribute (`name.givenName`, `emails.value`). Names that match nothing are ignored.
 */
import { SCIM_ENTERPRISE_USER_SCHEMA, type TScimResourceType } from "./scim-constants";
import { splitSchemaUrn } from "./resolve-scim-attribute-path";

export type TScimResource = Record<string, unknown> & { schemas: string[]; id: string; meta: Record<string, unknown> };

const ALWAYS = new Set(["id", "schemas"]);

/** A path as keys from the resource root, e.g. ["name", "givenName"] or [URN, "manager", "value"]. */
function toKeyPath(resourceType: TScimResourceType, path: string): string[] | undefined {
  const split = splitSchemaUrn({ resourceType, path: path.trim() });
  if (!split) return undefined;
  if (split.namespace === "enterprise") {
    return split.rest === "" ? [SCIM_ENTERPRISE_USER_SCHEMA] : [SCIM_ENTERPRISE_USER_SCHEMA, ...split.rest.split(".")];
  }
  const parts = split.rest.split(".");
  return parts.some((p) => p === "") ? undefined : parts;
}

function findKey(target: unknown, key: string): string | undefined {
  if (typeof target !== "object" || target === null || Array.isArray(target)) return undefined;
  const lower = key.toLowerCase();
  return Object.keys(target).find((k) => k.toLowerCase() === lower);
}

function pick(source: unknown, keys: string[]): unknown {
  if (keys.length === 0) return source;
  if (Array.isArray(source)) {
    const picked = source.map((element) => pick(element, keys)).filter((v) => v !== undefined);
    return picked.length ? picked : undefined;
  }
  const key = findKey(source, keys[0]);
  if (key === undefined) return undefined;
  const inner = pick((source as Record<string, unknown>)[key], keys.slice(1));
  return inner === undefined ? undefined : { [key]: inner };
}

function merge(target: Record<string, unknown>, addition: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(addition)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      target[key] = existing.map((e, i) => (isObject(e) && isObject(value[i]) ? { ...e, ...value[i] } : e));
    } else if (isObject(existing) && isObject(value)) {
      merge(existing, value);
    } else {
      target[key] = value;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function remove(target: unknown, keys: string[]): void {
  if (Array.isArray(target)) {
    for (const element of target) remove(element, keys);
    return;
  }
  const key = findKey(target, keys[0]);
  if (key === undefined) return;
  const record = target as Record<string, unknown>;
  if (keys.length === 1) delete record[key];
  else remove(record[key], keys.slice(1));
}

function dropEmptyExtension(resource: TScimResource): void {
  const ext = resource[SCIM_ENTERPRISE_USER_SCHEMA];
  if (ext !== undefined && (!isObject(ext) || Object.keys(ext).length === 0)) {
    delete resource[SCIM_ENTERPRISE_USER_SCHEMA];
  }
  if (resource[SCIM_ENTERPRISE_USER_SCHEMA] === undefined) {
    resource.schemas = resource.schemas.filter((s) => s !== SCIM_ENTERPRISE_USER_SCHEMA);
  }
}

export function projectScimAttributes<T extends TScimResource>(options: {
  resource: T;
  resourceType: TScimResourceType;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}): T {
  const { resource, resourceType } = options;
  const attributes = (options.attributes ?? []).filter((a) => a.trim() !== "");
  const excluded = (options.excludedAttributes ?? []).filter((a) => a.trim() !== "");
  if (attributes.length === 0 && excluded.length === 0) return resource;

  let result: TScimResource;
  if (attributes.length > 0) {
    result = { schemas: [...resource.schemas], id: resource.id, meta: { resourceType: resource.meta.resourceType } };
    for (const path of attributes) {
      const keys = toKeyPath(resourceType, path);
      if (!keys) continue;
      const picked = pick(resource, keys);
      if (isObject(picked)) merge(result, structuredClone(picked));
    }
  } else {
    result = structuredClone(resource);
  }
  for (const path of excluded) {
    const keys = toKeyPath(resourceType, path);
    if (!keys || (keys.length === 1 && ALWAYS.has(keys[0].toLowerCase()))) continue;
    if (keys.length === 1 && keys[0].toLowerCase() === "meta") {
      result.meta = { resourceType: resource.meta.resourceType };
      continue;
    }
    if (keys[0].toLowerCase() === "meta" && keys[1]?.toLowerCase() === "resourcetype") continue;
    remove(result, keys);
  }
  if (resourceType === "User") dropEmptyExtension(result);
  return result as T;
}
