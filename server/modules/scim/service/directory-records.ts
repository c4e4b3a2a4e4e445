/**
 * Person / Group rows (prisma/schema.prisma, "Directory") ↔ the plain records the SCIM protocol
 * modules work on (scim-records.ts), and the Person columns a record writes.
 */
import type { TGroupRecord, TPersonFields, TPersonRecord, TPhoneNumber } from "../scim-records";

export const PERSON_RECORD_INCLUDE = {
  emails: { orderBy: { id: "asc" as const }, select: { value: true, type: true, primary: true } },
  groups: { orderBy: { groupId: "asc" as const }, select: { group: { select: { id: true, displayName: true } } } },
} as const;

/** The groups a person row was loaded with (PERSON_RECORD_INCLUDE), for User.groups. */
export function groupsOfRow(row: { groups?: Array<{ group: { id: string; displayName: string } }> }) {
  return row.groups?.map((g) => g.group);
}

type TPersonRow = Omit<TPersonRecord, "emails" | "phoneNumbers"> & {
  phoneNumbers: unknown;
  emails: Array<{ value: string; type: string | null; primary: boolean }>;
};

function phoneNumbersOf(value: unknown): TPhoneNumber[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && typeof (v as { value?: unknown }).value === "string")
    .map((v) => ({ value: v.value as string, type: typeof v.type === "string" ? v.type : null, primary: v.primary === true }));
}

export function toPersonRecord(row: TPersonRow): TPersonRecord {
  return {
    id: row.id,
    externalId: row.externalId,
    userName: row.userName,
    active: row.active,
    givenName: row.givenName,
    familyName: row.familyName,
    formattedName: row.formattedName,
    displayName: row.displayName,
    nickName: row.nickName,
    title: row.title,
    userType: row.userType,
    preferredLanguage: row.preferredLanguage,
    locale: row.locale,
    timezone: row.timezone,
    department: row.department,
    costCenter: row.costCenter,
    employeeNumber: row.employeeNumber,
    organization: row.organization,
    division: row.division,
    managerId: row.managerId,
    managerExternalRef: row.managerExternalRef,
    emails: row.emails.map((e) => ({ value: e.value, type: e.type, primary: e.primary })),
    phoneNumbers: phoneNumbersOf(row.phoneNumbers),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** The Person scalar columns for a set of record fields (emails are rows of their own). */
export function personColumns(fields: TPersonFields) {
  const { emails: _emails, phoneNumbers, ...scalars } = fields;
  return { ...scalars, userNameKey: fields.userName.toLowerCase(), phoneNumbers: phoneNumbers as unknown as object[] };
}

export const GROUP_RECORD_INCLUDE = {
  members: {
    orderBy: { personId: "asc" as const },
    select: { personId: true, person: { select: { displayName: true, userName: true } } },
  },
} as const;

type TGroupRow = Omit<TGroupRecord, "members"> & {
  members?: Array<{ personId: string; person: { displayName: string | null; userName: string } }>;
};

export function toGroupRecord(row: TGroupRow): TGroupRecord {
  return {
    id: row.id,
    externalId: row.externalId,
    displayName: row.displayName,
    mapping: row.mapping,
    members: (row.members ?? []).map((m) => ({ personId: m.personId, display: m.person.displayName ?? m.person.userName })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}
