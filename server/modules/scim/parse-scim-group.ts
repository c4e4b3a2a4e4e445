/**
 * POST/PUT /Groups body → Group fields (RFC 7643 §4.2; RFC 7644 §3.3, §3.5.1). Same rules as
 * parseScimUser for `schemas`, readOnly (`id`, `meta`) and unknown attributes; Entra ID's group
 * create lists an extra `http://schemas.microsoft.com/...ADSCIM/2.0/Group` URN, which is tolerated.
 * Members must be Users (`type` absent or "User"). On PUT (`current` given) an omitted or null
 * `members` keeps the current members; `members: []` empties the group.
 */
import { z } from "zod";
import { SCIM_GROUP_SCHEMA } from "./scim-constants";
import { ScimError } from "./scim-errors";
import { checkResourceSchemas } from "./parse-scim-user";
import type { TGroupFields, TGroupMember, TGroupRecord } from "./scim-records";
import { lowerCaseKeys, parseScimValue, ZScimNullableString, ZScimRequiredString } from "./scim-value-schemas";

export const ZScimGroupMember = z
  .object({
    value: ZScimRequiredString,
    $ref: z.unknown().optional(),
    display: z.unknown().optional(),
    type: z
      .string()
      .regex(/^user$/i, "only User members are supported")
      .nullable()
      .optional(),
  })
  .transform((m): TGroupMember => ({ personId: m.value }));

/** Members from a SCIM `members` value, de-duplicated, in order. */
export function parseGroupMembers(options: { value: unknown; attribute?: string }): TGroupMember[] {
  const list = Array.isArray(options.value) ? options.value : [options.value];
  const members = parseScimValue({ schema: z.array(ZScimGroupMember), value: list, attribute: options.attribute ?? "members" });
  const seen = new Set<string>();
  return members.filter((m) => (seen.has(m.personId) ? false : (seen.add(m.personId), true)));
}

export function parseScimGroup(options: { body: unknown; current?: TGroupRecord }): TGroupFields {
  const attrs = lowerCaseKeys({ value: options.body, what: "The request body" });
  checkResourceSchemas({ schemas: attrs.get("schemas")?.[1], coreSchema: SCIM_GROUP_SCHEMA });
  const displayName = parseScimValue({ schema: ZScimRequiredString, value: attrs.get("displayname")?.[1], attribute: "displayName" });
  const externalIdRaw = attrs.get("externalid")?.[1];
  const externalId = externalIdRaw === undefined ? null : parseScimValue({ schema: ZScimNullableString, value: externalIdRaw, attribute: "externalId" });
  const membersRaw = attrs.get("members")?.[1];
  if (membersRaw !== undefined && membersRaw !== null && !Array.isArray(membersRaw)) {
    throw new ScimError(400, "invalidValue", "'members' must be a list");
  }
  const members =
    membersRaw === undefined || membersRaw === null
      ? (options.current?.members.map((m) => ({ personId: m.personId })) ?? [])
      : parseGroupMembers({ value: membersRaw });
  for (const [lower, [key, value]] of attrs) {
    if (["schemas", "id", "meta", "displayname", "externalid", "members"].includes(lower)) continue;
    if (lower.startsWith("urn:") || lower.startsWith("http://") || lower.startsWith("https://")) continue;
    if (value !== null) throw new ScimError(400, "invalidSyntax", `Unknown attribute '${key}'`);
  }
  return { externalId, displayName, members };
}
