import type { TTenantDb } from "@/server/db";

type TDb = TTenantDb | Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0];

/** The active revocation (product, person, device or tenant scope) that keeps an agent locked out, if any. */
export function findBlockingRevocation(opts: { db: TDb; deviceId: string; personId: string | null; productSlug: string }) {
  return opts.db.revocation.findFirst({
    where: {
      status: "active",
      OR: [
        { scopeType: "tenant" },
        { scopeType: "device", scopeId: opts.deviceId },
        { scopeType: "product", scopeId: opts.productSlug },
        ...(opts.personId ? [{ scopeType: "person", scopeId: opts.personId }] : []),
      ],
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, scopeLabel: true, reason: true },
  });
}
