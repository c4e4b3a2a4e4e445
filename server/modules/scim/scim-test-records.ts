/** Record builders for the SCIM tests. */
import type { TGroupRecord, TPersonRecord } from "./scim-records";

export const T0 = new Date("2026-01-05T10:00:00.000Z");
export const T1 = new Date("2026-02-10T12:30:00.000Z");

export function buildPerson(overrides: Partial<TPersonRecord> = {}): TPersonRecord {
  return {
    id: "p-1",
    externalId: null,
    userName: "ada@example.com",
    active: true,
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
    createdAt: T0,
    updatedAt: T1,
    version: 1,
    ...overrides,
  };
}

export function buildGroup(overrides: Partial<TGroupRecord> = {}): TGroupRecord {
  return {
    id: "g-1",
    externalId: null,
    displayName: "Engineering",
    members: [],
    createdAt: T0,
    updatedAt: T1,
    version: 1,
    mapping: "none",
    ...overrides,
  };
}
