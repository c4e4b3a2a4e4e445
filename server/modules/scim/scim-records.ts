/**
 * Plain-object shapes of the directory records the SCIM modules read and produce. They mirror
 * the Prisma models Person, PersonEmail, Group and GroupMember (prisma/schema.prisma) without
 * importing Prisma, so the protocol logic stays pure.
 */

export type TPersonEmail = { value: string; type: string | null; primary: boolean };

/** One entry of Person.phoneNumbers (a Json column). */
export type TPhoneNumber = { value: string; type: string | null; primary: boolean };

/** The Person fields a SCIM client can write (everything but id, timestamps and version). */
export type TPersonFields = {
  externalId: string | null;
  userName: string;
  active: boolean;
  givenName: string | null;
  familyName: string | null;
  formattedName: string | null;
  displayName: string | null;
  nickName: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  department: string | null;
  costCenter: string | null;
  employeeNumber: string | null;
  organization: string | null;
  division: string | null;
  /** Person.id of the manager, when the value the IdP sent names a Person of this tenant. */
  managerId: string | null;
  /** The raw manager value the IdP sent, while no Person matches it (see resolveManagerReference). */
  managerExternalRef: string | null;
  emails: TPersonEmail[];
  phoneNumbers: TPhoneNumber[];
};

export type TPersonRecord = TPersonFields & {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};

export type TGroupMapping = "none" | "business_unit" | "project" | "policy_class";

/** A group member: GroupMember.personId, plus the person's display name when the caller has it. */
export type TGroupMember = { personId: string; display?: string | null };

export type TGroupFields = {
  externalId: string | null;
  displayName: string;
  members: TGroupMember[];
};

export type TGroupRecord = TGroupFields & {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  mapping?: TGroupMapping;
};
