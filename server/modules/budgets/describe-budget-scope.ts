/**
 * Checks that a budget's scope names something real in this tenant, and a readable label for it. Identity, person
 * and device scopes must exist; project and business unit must be a SCIM group mapped that way (what attribution
 * uses); environment is a ring.
 */
import { AppError } from "@/server/errors";
import type { TTenantDb } from "@/server/db";
import type { TBudgetScopeKind } from "./budget-schemas";

type TDb = TTenantDb | Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0];

export async function describeBudgetScope(opts: { db: TDb; kind: TBudgetScopeKind; id: string; mustExist: boolean }): Promise<string> {
  const { db, kind, id } = opts;
  let label: string | null = null;
  switch (kind) {
    case "identity": {
      const i = await db.agentIdentity.findFirst({ where: { id }, select: { productSlug: true, device: { select: { hostname: true } } } });
      label = i ? `${i.productSlug} on ${i.device.hostname}` : null;
      break;
    }
    case "person": {
      const p = await db.person.findFirst({ where: { id }, select: { displayName: true, userName: true } });
      label = p ? (p.displayName ?? p.userName) : null;
      break;
    }
    case "device": {
      const d = await db.device.findFirst({ where: { id }, select: { hostname: true } });
      label = d ? d.hostname : null;
      break;
    }
    case "project":
    case "businessUnit": {
      const g = await db.group.findFirst({ where: { displayName: id, mapping: kind === "project" ? "project" : "business_unit" }, select: { displayName: true } });
      label = g ? g.displayName : null;
      break;
    }
    case "environment":
      label = id;
      break;
  }
  if (label === null && opts.mustExist) {
    const what = kind === "businessUnit" ? "business unit (a SCIM group mapped to business_unit)" : kind === "project" ? "project (a SCIM group mapped to project)" : kind;
    throw new AppError("NOT_FOUND", `No such ${what}: ${id}`);
  }
  return label ?? id;
}
