import type { TPersonFields } from "./scim-records";

/**
 * After parsing or patching, `managerExternalRef` holds a manager value the IdP sent that is not
 * the current managerId. The route looks it up (a Person of the tenant whose id, or else
 * externalId, equals it) and passes the match here: a match moves it to managerId; no match
 * keeps the raw value in managerExternalRef so it can be linked when that person arrives.
 */
export function resolveManagerReference<T extends Pick<TPersonFields, "managerId" | "managerExternalRef">>(options: {
  fields: T;
  managerPersonId: string | null;
}): T {
  if (!options.fields.managerExternalRef || !options.managerPersonId) return options.fields;
  return { ...options.fields, managerId: options.managerPersonId, managerExternalRef: null };
}
