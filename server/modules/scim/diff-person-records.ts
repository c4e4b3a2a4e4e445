/**
 * What a SCIM write changed, for the lifecycle wiring: deactivation stops the person's agents,
 * manager and department changes update attribution, membership changes move people between
 * business units, projects and policy classes. Used by PATCH and PUT alike.
 */
import type { TGroupFields, TPersonFields } from "./scim-records";

export type TScimChanges = {
  /** Present only when `active` changed: the new value (false = deactivated). */
  activeChanged?: boolean;
  managerChanged: boolean;
  departmentChanged: boolean;
  /** Person.ids added to / removed from the group (group writes only). */
  groupMembersAdded: string[];
  groupMembersRemoved: string[];
  /** Names of the record fields whose value changed. */
  changedFields: string[];
};

const PERSON_SCALARS: Array<keyof TPersonFields> = [
  "externalId",
  "userName",
  "active",
  "givenName",
  "familyName",
  "formattedName",
  "displayName",
  "nickName",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "department",
  "costCenter",
  "employeeNumber",
  "organization",
  "division",
  "managerId",
  "managerExternalRef",
];

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffPersonRecords(options: { before: TPersonFields; after: TPersonFields }): TScimChanges {
  const { before, after } = options;
  const changedFields: string[] = PERSON_SCALARS.filter((f) => before[f] !== after[f]);
  if (!sameList(before.emails, after.emails)) changedFields.push("emails");
  if (!sameList(before.phoneNumbers, after.phoneNumbers)) changedFields.push("phoneNumbers");
  const changes: TScimChanges = {
    managerChanged: before.managerId !== after.managerId || before.managerExternalRef !== after.managerExternalRef,
    departmentChanged: before.department !== after.department,
    groupMembersAdded: [],
    groupMembersRemoved: [],
    changedFields,
  };
  if (before.active !== after.active) changes.activeChanged = after.active;
  return changes;
}

export function diffGroupRecords(options: { before: TGroupFields; after: TGroupFields }): TScimChanges {
  const { before, after } = options;
  const beforeIds = new Set(before.members.map((m) => m.personId));
  const afterIds = new Set(after.members.map((m) => m.personId));
  const groupMembersAdded = [...afterIds].filter((id) => !beforeIds.has(id));
  const groupMembersRemoved = [...beforeIds].filter((id) => !afterIds.has(id));
  const changedFields: string[] = (["externalId", "displayName"] as const).filter((f) => before[f] !== after[f]);
  if (groupMembersAdded.length || groupMembersRemoved.length) changedFields.push("members");
  return { managerChanged: false, departmentChanged: false, groupMembersAdded, groupMembersRemoved, changedFields };
}
