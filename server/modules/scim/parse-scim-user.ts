/**
 * POST/PUT /Users body → Person fields (RFC 7643 §4.1, §4.3; RFC 7644 §3.3, §3.5.1).
 *
 * Decisions, per RFC 7644 §3.3 and §3.5.1:
 * - `schemas` is required and must contain the core User URN: missing or not a list of strings
 *   → 400 invalidSyntax; a list without the User URN (e.g. the Group URN) → 400 invalidValue.
 *   Other extension URNs are tolerated and their attributes ignored (Okta and Entra add some).
 * - readOnly attributes (`id`, `meta`, `groups`) are ignored, as §3.3 requires.
 * - Core attributes Marshal does not store (`password`, `addresses`, `roles`, ...) and name parts
 *   like `middleName` are accepted and ignored: Okta sends `password` and `groups`, Entra
 *   `roles: []` in their documented create requests.
 * - Any other attribute with a non-null value is unknown → 400 invalidSyntax, naming it; a null
 *   value means "unassigned" (RFC 7643 §2.5) and is ignored.
 * - Attribute names are case-insensitive (RFC 7643 §2.1).
 * - PUT (`current` given): omitted readWrite attributes are cleared (§3.5.1 allows it), except
 *   `active`, which keeps its value, so a PUT that omits it neither deactivates nor reactivates.
 */
import { z } from "zod";
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from "./scim-constants";
import { ScimError } from "./scim-errors";
import type { TPersonFields, TPersonRecord } from "./scim-records";
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

const ZSchemas = z.array(z.string()).min(1);

/** Check `schemas` of a resource body against the core URN expected on this endpoint. */
export function checkResourceSchemas(options: { schemas: unknown; coreSchema: string }): string[] {
  if (options.schemas === undefined) throw new ScimError(400, "invalidSyntax", "'schemas' is required");
  const parsed = ZSchemas.safeParse(options.schemas);
  if (!parsed.success) throw new ScimError(400, "invalidSyntax", "'schemas' must be a non-empty list of schema URNs");
  if (!parsed.data.some((s) => s.toLowerCase() === options.coreSchema.toLowerCase())) {
    throw new ScimError(400, "invalidValue", `'schemas' must include ${options.coreSchema}`);
  }
  return parsed.data;
}

const STRING_ATTRIBUTES: Array<[string, keyof TPersonFields]> = [
  ["displayName", "displayName"],
  ["nickName", "nickName"],
  ["title", "title"],
  ["userType", "userType"],
  ["preferredLanguage", "preferredLanguage"],
  ["locale", "locale"],
  ["timezone", "timezone"],
  ["externalId", "externalId"],
];

const NAME_PARTS: Array<[string, "formattedName" | "familyName" | "givenName"]> = [
  ["formatted", "formattedName"],
  ["familyName", "familyName"],
  ["givenName", "givenName"],
];

const ENTERPRISE_STRINGS: Array<[string, "employeeNumber" | "costCenter" | "organization" | "division" | "department"]> = [
  ["employeeNumber", "employeeNumber"],
  ["costCenter", "costCenter"],
  ["organization", "organization"],
  ["division", "division"],
  ["department", "department"],
];

const HANDLED = new Set(
  ["schemas", "id", "meta", "groups", "userName", "name", "active", "emails", "phoneNumbers", ...STRING_ATTRIBUTES.map(([a]) => a)].map(
    (a) => a.toLowerCase(),
  ),
);

function unknownAttribute(name: string): never {
  throw new ScimError(400, "invalidSyntax", `Unknown attribute '${name}'`);
}

function parseName(value: unknown, fields: TPersonFields): void {
  if (value === null || value === undefined) return;
  const parts = lowerCaseKeys({ value, what: "'name'" });
  for (const [lower, [key, v]] of parts) {
    const known = NAME_PARTS.find(([n]) => n.toLowerCase() === lower);
    if (known) fields[known[1]] = parseScimValue({ schema: ZScimNullableString, value: v, attribute: `name.${known[0]}` });
    else if (!IGNORED_NAME_SUB_ATTRIBUTES.has(lower) && v !== null) unknownAttribute(`name.${key}`);
  }
}

function parseEnterprise(value: unknown, fields: TPersonFields, current: TPersonRecord | undefined): void {
  if (value === null || value === undefined) return;
  const attrs = lowerCaseKeys({ value, what: `'${SCIM_ENTERPRISE_USER_SCHEMA}'` });
  for (const [lower, [key, v]] of attrs) {
    const known = ENTERPRISE_STRINGS.find(([n]) => n.toLowerCase() === lower);
    if (known) {
      fields[known[1]] = parseScimValue({ schema: ZScimNullableString, value: v, attribute: known[0] });
    } else if (lower === "manager") {
      const manager = parseScimValue({ schema: ZScimManager, value: v, attribute: "manager" });
      Object.assign(fields, managerFields({ value: manager, current }));
    } else if (v !== null) {
      unknownAttribute(`${SCIM_ENTERPRISE_USER_SCHEMA}:${key}`);
    }
  }
}

/**
 * The manager fields for a manager value the IdP sent: the current managerId is kept when the
 * value names it; any other value is held in managerExternalRef until the route resolves it
 * (resolveManagerReference).
 */
export function managerFields(options: {
  value: string | null;
  current: Pick<TPersonRecord, "managerId" | "managerExternalRef"> | undefined;
}): Pick<TPersonFields, "managerId" | "managerExternalRef"> {
  if (options.value === null) return { managerId: null, managerExternalRef: null };
  if (options.current?.managerId === options.value) return { managerId: options.value, managerExternalRef: null };
  return { managerId: null, managerExternalRef: options.value };
}

function emptyFields(userName: string, active: boolean): TPersonFields {
  return {
    externalId: null,
    userName,
    active,
    givenName: null,
    familyName: null,
    formattedName: null,
    displayName: null,
    nickName: null,
    title: null,
    userType: null,
    preferredLanguage: null,
    locale: null,
    timezone: null,
    department: null,
    costCenter: null,
    employeeNumber: null,
    organization: null,
    division: null,
    managerId: null,
    managerExternalRef: null,
    emails: [],
    phoneNumbers: [],
  };
}

/**
 * Parse a POST (no `current`) or PUT (`current` = the stored person) body. Throws ScimError 400
 * (invalidSyntax / invalidValue) on bad input; never returns partial data.
 */
export function parseScimUser(options: { body: unknown; current?: TPersonRecord }): TPersonFields {
  const { current } = options;
  const attrs = lowerCaseKeys({ value: options.body, what: "The request body" });
  checkResourceSchemas({ schemas: attrs.get("schemas")?.[1], coreSchema: SCIM_USER_SCHEMA });

  const userName = parseScimValue({ schema: ZScimRequiredString, value: attrs.get("username")?.[1], attribute: "userName" });
  const activeRaw = attrs.get("active")?.[1];
  const active =
    activeRaw === undefined || activeRaw === null
      ? (current?.active ?? true)
      : parseScimValue({ schema: ZScimBoolean, value: activeRaw, attribute: "active" });
  const fields = emptyFields(userName, active);

  for (const [name, field] of STRING_ATTRIBUTES) {
    const value = attrs.get(name.toLowerCase())?.[1];
    if (value !== undefined) (fields[field] as string | null) = parseScimValue({ schema: ZScimNullableString, value, attribute: name });
  }
  parseName(attrs.get("name")?.[1], fields);

  for (const [attribute, key] of [["emails", "emails"], ["phoneNumbers", "phonenumbers"]] as const) {
    const raw = attrs.get(key)?.[1];
    if (raw === undefined || raw === null) continue;
    const values = parseScimValue({ schema: z.array(ZScimMultiValue), value: raw, attribute });
    checkSinglePrimary({ values, attribute });
    fields[attribute] = values;
  }

  for (const [lower, [key, value]] of attrs) {
    if (HANDLED.has(lower) || IGNORED_USER_ATTRIBUTES.has(lower)) continue;
    if (lower === SCIM_ENTERPRISE_USER_SCHEMA.toLowerCase()) parseEnterprise(value, fields, current);
    else if (lower.startsWith("urn:") || lower.startsWith("http://") || lower.startsWith("https://")) continue;
    else if (value !== null) unknownAttribute(key);
  }
  return fields;
}
