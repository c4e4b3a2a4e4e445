/**
 * PATCH (RFC 7644 §3.5.2) on a Person or Group record, including the shapes Okta and Entra ID
 * actually send:
 * - Okta: `{"op":"replace","value":{"active":false}}` with no path, and group renames as
 *   `{"op":"replace","value":{"id":"...","displayName":"..."}}` (Okta, "SCIM 2.0 Protocol
 *   Reference"); `members[value eq "..."]` removals.
 * - Entra ID: capitalised ops (`Replace`, `Add`, `Remove`), `"False"`/`"True"` strings,
 *   `emails[type eq "work"].value`, URN paths such as
 *   `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager` with a bare id,
 *   `{value}` or `[{ $ref, value }]`, path-less replaces keyed by `name.givenName` or URN paths,
 *   and member removals as `{"op":"Remove","path":"members","value":[{"value":"..."}]}`
 *   (Microsoft Learn, "Tutorial: Develop and plan provisioning for a SCIM endpoint" and "Known
 *   issues and resolutions with SCIM 2.0 protocol compliance").
 *
 * Decisions: op names are case-insensitive; an `add`/`replace` on `emails[type eq "work"]...`
 * (or phoneNumbers) that matches nothing creates that value when the filter is a plain `eq`
 * (or `and` of them), else 400 noTarget; a filtered `remove` that matches nothing is a no-op so
 * retries are harmless; attributes Marshal does not store (`addresses`, `roles`, ...) are
 * accepted and ignored; readOnly attributes (`id`, `meta`, `groups`) named by a path give 400
 * mutability, while inside a path-less value they are ignored when unchanged. The whole PATCH is
 * applied to a copy: any error leaves the caller's record untouched. The returned record keeps
 * id, createdAt, updatedAt and version; the caller bumps them when saving.
 */
import { z } from "zod";
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_PATCH_OP_SCHEMA, type TScimResourceType } from "./scim-constants";
import { ScimError } from "./scim-errors";
import { diffGroupRecords, diffPersonRecords, type TScimChanges } from "./diff-person-records";
import { matchesScimFilter } from "./matches-scim-filter";
import { parseGroupMembers } from "./parse-scim-group";
import type { TScimFilter } from "./parse-scim-filter";
import { parseScimPatchPath } from "./parse-scim-patch-path";
import { managerFields } from "./parse-scim-user";
import { resolveScimAttributePath } from "./resolve-scim-attribute-path";
import type { TGroupRecord, TPersonFields, TPersonRecord, TPhoneNumber } from "./scim-records";
import { IGNORED_NAME_SUB_ATTRIBUTES, IGNORED_USER_ATTRIBUTES } from "./scim-schema-definitions";
import {
  checkSinglePrimary,
  lowerCaseKeys,
  parseScimValue,
  ZScimBoolean,
  ZScimManager,
  ZScimMultiValue,
  ZScimNullableString,
  ZScimRequiredString,
} from "./scim-value-schemas";

export type TScimPatchOp = "add" | "replace" | "remove";
export type TScimPatchOperation = { op: TScimPatchOp; path?: string; value?: unknown };

const MAX_OPERATIONS = 10_000;

const fail = (scimType: "invalidPath" | "invalidValue" | "mutability" | "noTarget" | "invalidSyntax", detail: string): never => {
  throw new ScimError(400, scimType, detail);
};

/** Validate a PatchOp body (RFC 7644 §3.5.2) and return its operations with lower-case ops. */
export function parseScimPatchBody(options: { body: unknown }): TScimPatchOperation[] {
  const attrs = lowerCaseKeys({ value: options.body, what: "The request body" });
  const schemas = attrs.get("schemas")?.[1];
  if (schemas === undefined) fail("invalidSyntax", "'schemas' is required");
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) {
    fail("invalidSyntax", "'schemas' must be a list of schema URNs");
  }
  if (!(schemas as string[]).some((s) => s.toLowerCase() === SCIM_PATCH_OP_SCHEMA.toLowerCase())) {
    fail("invalidValue", `'schemas' must include ${SCIM_PATCH_OP_SCHEMA}`);
  }
  const operations = attrs.get("operations")?.[1];
  if (!Array.isArray(operations) || operations.length === 0) fail("invalidSyntax", "'Operations' must be a non-empty list");
  if ((operations as unknown[]).length > MAX_OPERATIONS) fail("invalidSyntax", `At most ${MAX_OPERATIONS} operations per PATCH`);
  return (operations as unknown[]).map((raw, index) => {
    const op = lowerCaseKeys({ value: raw, what: `Operations[${index}]` });
    const name = op.get("op")?.[1];
    if (typeof name !== "string" || !["add", "replace", "remove"].includes(name.toLowerCase())) {
      fail("invalidSyntax", `Operations[${index}].op must be add, replace or remove`);
    }
    const path = op.get("path")?.[1];
    if (path !== undefined && path !== null && typeof path !== "string") fail("invalidPath", `Operations[${index}].path must be a string`);
    const result: TScimPatchOperation = { op: (name as string).toLowerCase() as TScimPatchOp };
    if (typeof path === "string") result.path = path;
    if (op.has("value")) result.value = op.get("value")![1];
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Users

type TMultiValued = "emails" | "phoneNumbers";

const USER_STRINGS: Record<string, keyof TPersonFields> = {
  displayname: "displayName",
  nickname: "nickName",
  title: "title",
  usertype: "userType",
  preferredlanguage: "preferredLanguage",
  locale: "locale",
  timezone: "timezone",
  employeenumber: "employeeNumber",
  costcenter: "costCenter",
  organization: "organization",
  division: "division",
  department: "department",
};

const NAME_PARTS: Record<string, "formattedName" | "familyName" | "givenName"> = {
  formatted: "formattedName",
  familyname: "familyName",
  givenname: "givenName",
};

function setString(state: TPersonFields, field: keyof TPersonFields, op: TScimPatchOp, value: unknown, attribute: string): void {
  (state[field] as string | null) = op === "remove" ? null : parseScimValue({ schema: ZScimNullableString, value, attribute });
}

function managerValue(value: unknown): string | null {
  // Entra's Example 5 sends `[{ "$ref": "...", "value": "..." }]`.
  const single = Array.isArray(value) ? (value.length === 0 ? null : value.length === 1 ? value[0] : fail("invalidValue", "manager takes one value")) : value;
  return parseScimValue({ schema: ZScimManager, value: single, attribute: "manager" });
}

/** Filters made only of `eq` comparisons joined by `and`: the attributes a new value gets. */
function equalityAttributes(filter: TScimFilter): Record<string, string | boolean> | undefined {
  if (filter.op === "eq" && (typeof filter.compValue === "string" || typeof filter.compValue === "boolean")) {
    return { [filter.attrPath.toLowerCase()]: filter.compValue };
  }
  if (filter.op === "and") {
    const parts = filter.filters.map(equalityAttributes);
    if (parts.every((p) => p !== undefined)) return Object.assign({}, ...parts);
  }
  return undefined;
}

function toMultiValue(raw: Record<string, unknown>, attribute: string): TPhoneNumber {
  return parseScimValue({ schema: ZScimMultiValue, value: raw, attribute });
}

function applyMultiValued(
  state: TPersonFields,
  attribute: TMultiValued,
  op: TScimPatchOp,
  filter: TScimFilter | undefined,
  subAttr: string | undefined,
  value: unknown,
): void {
  const current = state[attribute];
  const sub = subAttr?.toLowerCase();
  if (sub !== undefined && !["value", "type", "primary", "display"].includes(sub)) {
    fail("invalidPath", `'${attribute}' has no sub-attribute '${subAttr}'`);
  }
  if (sub === "display") return; // readOnly-ish display text: not stored

  const asScim = (v: TPhoneNumber) => ({ value: v.value, primary: v.primary, ...(v.type !== null ? { type: v.type } : {}) });
  const matching = (v: TPhoneNumber) =>
    filter ? matchesScimFilter({ resource: asScim(v), filter, resourceType: "User", within: attribute }) : true;

  const setSub = (v: TPhoneNumber): TPhoneNumber => {
    if (sub === "value") return { ...v, value: parseScimValue({ schema: ZScimRequiredString, value, attribute: `${attribute}.value` }) };
    if (sub === "type") return { ...v, type: parseScimValue({ schema: ZScimNullableString, value, attribute: `${attribute}.type` }) };
    return { ...v, primary: parseScimValue({ schema: ZScimBoolean, value, attribute: `${attribute}.primary` }) };
  };
  const mergeObject = (v: TPhoneNumber): TPhoneNumber => {
    const fields = lowerCaseKeys({ value, what: `The value for '${attribute}'` });
    const raw: Record<string, unknown> = { value: v.value, type: v.type, primary: v.primary };
    for (const [lower, [, x]] of fields) {
      if (lower === "value" || lower === "type" || lower === "primary") raw[lower] = x;
      else if (lower !== "display") fail("invalidValue", `'${attribute}' has no sub-attribute '${lower}'`);
    }
    return toMultiValue(raw, attribute);
  };

  let next: TPhoneNumber[];
  let touched: TPhoneNumber[] = [];
  if (op === "remove") {
    if (!filter && sub === undefined && value !== undefined && value !== null) {
      // Non-standard but harmless: remove the listed values.
      const listed = parseScimValue({ schema: z.array(ZScimMultiValue), value: Array.isArray(value) ? value : [value], attribute });
      const gone = new Set(listed.map((l) => l.value.toLowerCase()));
      next = current.filter((v) => !gone.has(v.value.toLowerCase()));
    } else if (sub === undefined || sub === "value") {
      next = current.filter((v) => !matching(v));
    } else {
      next = current.map((v) => (matching(v) ? (sub === "type" ? { ...v, type: null } : { ...v, primary: false }) : v));
    }
  } else if (filter || sub !== undefined) {
    const hits = current.filter(matching);
    if (hits.length > 0) {
      next = current.map((v) => (matching(v) ? (sub !== undefined ? setSub(v) : mergeObject(v)) : v));
      touched = next.filter((v, i) => current[i] !== v);
    } else {
      const seed = filter ? equalityAttributes(filter) : {};
      if (!seed || Object.keys(seed).some((k) => !["value", "type", "primary"].includes(k))) {
        return void fail("noTarget", `No value of '${attribute}' matches the filter`);
      }
      const base: TPhoneNumber = {
        value: typeof seed.value === "string" ? seed.value : "",
        type: typeof seed.type === "string" ? seed.type : null,
        primary: seed.primary === true,
      };
      const built = sub !== undefined ? setSub(base) : mergeObject(base);
      if (built.value.trim() === "") fail("invalidValue", `A new value of '${attribute}' needs a 'value'`);
      next = [...current, built];
      touched = [built];
    }
  } else if (op === "replace") {
    const list = value === null ? [] : parseScimValue({ schema: z.array(ZScimMultiValue), value: Array.isArray(value) ? value : [value], attribute });
    checkSinglePrimary({ values: list, attribute });
    next = list;
  } else {
    const list = parseScimValue({ schema: z.array(ZScimMultiValue), value: Array.isArray(value) ? value : [value], attribute });
    checkSinglePrimary({ values: list, attribute });
    next = [...current];
    for (const item of list) {
      const same = next.findIndex((v) => v.value.toLowerCase() === item.value.toLowerCase() && (v.type ?? "") === (item.type ?? ""));
      if (same >= 0) next[same] = item;
      else next.push(item);
    }
    touched = list;
  }
  // RFC 7644 §3.5.2: setting "primary" true on one value clears it on the others.
  const newPrimary = touched.filter((t) => t.primary);
  if (newPrimary.length > 1) fail("invalidValue", `Only one of '${attribute}' may be primary`);
  if (newPrimary.length === 1) next = next.map((v) => (v === newPrimary[0] || !v.primary ? v : { ...v, primary: false }));
  checkSinglePrimary({ values: next, attribute });
  state[attribute] = next;
}

function applyUserPath(state: TPersonFields, person: TPersonRecord, op: TScimPatchOp, path: string, value: unknown, fromValueObject: boolean): void {
  const { attrPath, filter, subAttr } = parseScimPatchPath({ path });
  const resolved = resolveScimAttributePath({ resourceType: "User", path: attrPath });
  if (!resolved) {
    const [first, second] = attrPath.split(".");
    if (IGNORED_USER_ATTRIBUTES.has(first.toLowerCase())) return;
    if (first.toLowerCase() === "name" && second && IGNORED_NAME_SUB_ATTRIBUTES.has(second.toLowerCase())) return;
    if (fromValueObject && (value === null || value === undefined)) return;
    return void fail("invalidPath", `Unknown attribute path '${path}'`);
  }
  if (filter && (resolved.kind !== "attribute" || resolved.sub || !resolved.definition.multiValued)) {
    return void fail("invalidPath", `'${attrPath}' cannot take a value filter`);
  }

  if (resolved.kind === "extension") {
    if (op === "remove") {
      Object.assign(state, { employeeNumber: null, costCenter: null, organization: null, division: null, department: null, managerId: null, managerExternalRef: null });
      return;
    }
    if (value === null) return void fail("invalidValue", "The enterprise extension takes an object");
    for (const [, [key, v]] of lowerCaseKeys({ value, what: `The value for '${SCIM_ENTERPRISE_USER_SCHEMA}'` })) {
      applyUserPath(state, person, op, `${SCIM_ENTERPRISE_USER_SCHEMA}:${key}`, v, true);
    }
    return;
  }

  if (resolved.kind === "common") {
    if (resolved.name === "externalId") return setString(state, "externalId", op, value, "externalId");
    if (fromValueObject && (resolved.name !== "id" || value === person.id)) return; // readOnly, unchanged: ignored
    return void fail("mutability", `'${path}' is readOnly`);
  }

  const name = resolved.name.toLowerCase();
  const sub = resolved.sub?.toLowerCase();
  if (name === "username") {
    if (op === "remove") return void fail("mutability", "userName is required and cannot be removed");
    state.userName = parseScimValue({ schema: ZScimRequiredString, value, attribute: "userName" });
    return;
  }
  if (name === "active") {
    if (op === "remove") return void fail("mutability", "active cannot be removed; replace it with false to deactivate");
    state.active = parseScimValue({ schema: ZScimBoolean, value, attribute: "active" });
    return;
  }
  if (USER_STRINGS[name]) return setString(state, USER_STRINGS[name], op, value, resolved.name);
  if (name === "name") {
    if (sub) return setString(state, NAME_PARTS[sub], op, value, `name.${resolved.sub}`);
    if (op === "remove" || value === null) {
      Object.assign(state, { formattedName: null, familyName: null, givenName: null });
      return;
    }
    for (const [lower, [key, v]] of lowerCaseKeys({ value, what: "The value for 'name'" })) {
      if (NAME_PARTS[lower]) setString(state, NAME_PARTS[lower], op, v, `name.${key}`);
      else if (!IGNORED_NAME_SUB_ATTRIBUTES.has(lower)) fail("invalidValue", `'name' has no sub-attribute '${key}'`);
    }
    return;
  }
  if (name === "manager") {
    if (sub === "displayname" || sub === "$ref") return; // derived from the manager's record
    const next = op === "remove" ? null : managerValue(value);
    Object.assign(state, managerFields({ value: next, current: person }));
    return;
  }
  if (name === "emails" || name === "phonenumbers") {
    return applyMultiValued(state, name === "emails" ? "emails" : "phoneNumbers", op, filter, subAttr ?? resolved.sub, value);
  }
  if (name === "groups") return void fail("mutability", "groups is readOnly; change membership through the Group resource");
  fail("invalidPath", `Unknown attribute path '${path}'`);
}

function applyUserOperation(state: TPersonFields, person: TPersonRecord, operation: TScimPatchOperation): void {
  const { op, path, value } = operation;
  if (path !== undefined && path.trim() !== "") return applyUserPath(state, person, op, path, value, false);
  if (op === "remove") return void fail("noTarget", "remove needs a path");
  for (const [, [key, v]] of lowerCaseKeys({ value, what: "A PATCH value without a path" })) {
    if (key.toLowerCase() === "schemas") continue;
    applyUserPath(state, person, op, key, v, true);
  }
}

function personFields(person: TPersonRecord): TPersonFields {
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...fields } = person;
  return structuredClone({ ...fields, emails: person.emails ?? [], phoneNumbers: person.phoneNumbers ?? [] });
}

export function applyScimUserPatch(options: { person: TPersonRecord; body: unknown }): {
  next: TPersonRecord;
  changes: TScimChanges;
} {
  const operations = parseScimPatchBody({ body: options.body });
  const before = personFields(options.person);
  const state = personFields(options.person);
  for (const operation of operations) applyUserOperation(state, options.person, operation);
  const next: TPersonRecord = {
    ...state,
    id: options.person.id,
    createdAt: options.person.createdAt,
    updatedAt: options.person.updatedAt,
    version: options.person.version,
  };
  return { next, changes: diffPersonRecords({ before, after: state }) };
}

// ---------------------------------------------------------------------------------------------
// Groups

type TGroupState = { externalId: string | null; displayName: string; members: Array<{ personId: string; display?: string | null }> };

function applyGroupPath(state: TGroupState, group: TGroupRecord, op: TScimPatchOp, path: string, value: unknown, fromValueObject: boolean): void {
  const { attrPath, filter, subAttr } = parseScimPatchPath({ path });
  const resolved = resolveScimAttributePath({ resourceType: "Group", path: attrPath });
  if (!resolved) {
    if (fromValueObject && (value === null || value === undefined)) return;
    return void fail("invalidPath", `Unknown attribute path '${path}'`);
  }
  if (resolved.kind === "common") {
    if (resolved.name === "externalId") {
      state.externalId = op === "remove" ? null : parseScimValue({ schema: ZScimNullableString, value, attribute: "externalId" });
      return;
    }
    if (fromValueObject && (resolved.name !== "id" || value === group.id)) return;
    return void fail("mutability", `'${path}' is readOnly`);
  }
  if (resolved.kind !== "attribute") return void fail("invalidPath", `Unknown attribute path '${path}'`);
  if (resolved.name === "displayName") {
    if (op === "remove") return void fail("mutability", "displayName is required and cannot be removed");
    state.displayName = parseScimValue({ schema: ZScimRequiredString, value, attribute: "displayName" });
    return;
  }
  // members
  if (resolved.sub || subAttr) return void fail("invalidPath", `'${path}': name the member with members[value eq "..."]`);
  if (filter) {
    if (op !== "remove") return void fail("invalidPath", "A filtered members path is supported for remove only");
    state.members = state.members.filter(
      (m) =>
        !matchesScimFilter({
          resource: { value: m.personId, type: "User", ...(m.display ? { display: m.display } : {}) },
          filter,
          resourceType: "Group",
          within: "members",
        }),
    );
    return;
  }
  if (op === "remove") {
    if (value === undefined || value === null) {
      state.members = [];
      return;
    }
    // Entra ID without aadOptscim062020: `{"op":"Remove","path":"members","value":[{"value":"..."}]}`
    const gone = new Set(parseGroupMembers({ value }).map((m) => m.personId));
    state.members = state.members.filter((m) => !gone.has(m.personId));
    return;
  }
  const listed = value === null ? [] : parseGroupMembers({ value });
  if (op === "replace") {
    state.members = listed;
    return;
  }
  const present = new Set(state.members.map((m) => m.personId));
  state.members = [...state.members, ...listed.filter((m) => !present.has(m.personId))];
}

export function applyScimGroupPatch(options: { group: TGroupRecord; body: unknown }): {
  next: TGroupRecord;
  changes: TScimChanges;
} {
  const operations = parseScimPatchBody({ body: options.body });
  const { group } = options;
  const before: TGroupState = { externalId: group.externalId, displayName: group.displayName, members: structuredClone(group.members) };
  const state: TGroupState = structuredClone(before);
  for (const { op, path, value } of operations) {
    if (path !== undefined && path.trim() !== "") {
      applyGroupPath(state, group, op, path, value, false);
      continue;
    }
    if (op === "remove") fail("noTarget", "remove needs a path");
    for (const [, [key, v]] of lowerCaseKeys({ value, what: "A PATCH value without a path" })) {
      if (key.toLowerCase() === "schemas") continue;
      applyGroupPath(state, group, op, key, v, true);
    }
  }
  const next: TGroupRecord = { ...group, ...state };
  return { next, changes: diffGroupRecords({ before, after: state }) };
}

/** Either of the two, by resource type. */
export function applyScimPatch(
  options: { resourceType: "User"; person: TPersonRecord; body: unknown } | { resourceType: "Group"; group: TGroupRecord; body: unknown },
): { next: TPersonRecord | TGroupRecord; changes: TScimChanges } {
  return options.resourceType === "User"
    ? applyScimUserPatch({ person: options.person, body: options.body })
    : applyScimGroupPatch({ group: options.group, body: options.body });
}

export type { TScimResourceType };
