/** Console roles, most powerful first. auditor reads everything and writes nothing. */
import type { Role } from "@/server/db/generated/enums";

export const ROLES = ["owner", "admin", "operator", "auditor"] as const satisfies readonly Role[];
export type TRole = (typeof ROLES)[number];

const RANK: Record<TRole, number> = { owner: 4, admin: 3, operator: 2, auditor: 1 };

export function roleAtLeast(role: TRole, minimum: TRole): boolean {
  return RANK[role] >= RANK[minimum];
}
