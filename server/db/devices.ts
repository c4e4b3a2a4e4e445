/**
 * Cross-tenant device credential lookups: a device request names only its device id (JWT `kid`), an
 * enrollment request only its token. Both resolve their tenant here, next to the unscoped client; the caller
 * then works through forTenant(tenantId) like everyone else. The nonce table is not tenant data either.
 */
import { rootDb } from "./client";
import { Prisma } from "./generated/client";

export type TDeviceCredential = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantSettings: unknown;
  ring: "dev" | "staging" | "prod";
  ownerPersonId: string | null;
  hostname: string;
  publicKey: string | null;
  status: string;
  inventoryHash: string | null;
  lastInventoryAt: Date | null;
};

/** The device a request claims to come from (by JWT `kid`), with what request authentication needs. */
export async function resolveDeviceById(options: { deviceId: string }): Promise<TDeviceCredential | null> {
  const device = await rootDb().device.findUnique({
    where: { id: options.deviceId },
    select: {
      id: true,
      tenantId: true,
      ring: true,
      ownerPersonId: true,
      hostname: true,
      publicKey: true,
      status: true,
      inventoryHash: true,
      lastInventoryAt: true,
      tenant: { select: { slug: true, settings: true } },
    },
  });
  if (!device) return null;
  const { tenant, ...rest } = device;
  return { ...rest, tenantSlug: tenant.slug, tenantSettings: tenant.settings };
}

/**
 * Records a request nonce. Returns false when (deviceId, jti) was already used: a replay.
 * One statement, race-free across console nodes (the primary key decides).
 */
export async function recordDeviceNonce(options: { deviceId: string; jti: string; expiresAt: Date }): Promise<boolean> {
  const inserted = await rootDb().$executeRaw`
    INSERT INTO "DeviceNonce" ("deviceId", "jti", "expiresAt")
    VALUES (${options.deviceId}, ${options.jti}, ${options.expiresAt})
    ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

/** Deletes nonces whose token has expired (they can no longer be replayed: the JWT's exp refuses them). */
export async function purgeExpiredDeviceNonces(options: { now?: Date } = {}): Promise<number> {
  const res = await rootDb().deviceNonce.deleteMany({ where: { expiresAt: { lt: options.now ?? new Date() } } });
  return res.count;
}

export type TEnrollmentTokenCredential = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantSettings: unknown;
  name: string;
  ring: "dev" | "staging" | "prod";
  ownerPersonId: string | null;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
};

/** An enrollment token by the sha256 of its secret, whatever its state (the caller explains why it is refused). */
export async function resolveEnrollmentTokenByHash(options: { tokenHash: string }): Promise<TEnrollmentTokenCredential | null> {
  const token = await rootDb().enrollmentToken.findUnique({
    where: { tokenHash: options.tokenHash },
    select: {
      id: true,
      tenantId: true,
      name: true,
      ring: true,
      ownerPersonId: true,
      maxUses: true,
      uses: true,
      expiresAt: true,
      revokedAt: true,
      tenant: { select: { slug: true, settings: true } },
    },
  });
  if (!token) return null;
  const { tenant, ...rest } = token;
  return { ...rest, tenantSlug: tenant.slug, tenantSettings: tenant.settings };
}

export { Prisma as DevicePrisma };

/** The global agent catalog (not tenant data): upserts one AgentProduct row per catalog entry. */
export async function upsertAgentProducts(options: { products: { slug: string; displayName: string; vendor: string; signature: object }[] }): Promise<number> {
  const db = rootDb();
  await db.$transaction(
    options.products.map((p) =>
      db.agentProduct.upsert({
        where: { slug: p.slug },
        create: { slug: p.slug, displayName: p.displayName, vendor: p.vendor, signature: p.signature },
        update: { displayName: p.displayName, vendor: p.vendor, signature: p.signature },
      }),
    ),
  );
  return options.products.length;
}

/**
 * New agent installations per UTC day since `since`, for one tenant (the Overview chart). Raw SQL because the
 * grouping is by day; scoped by the explicit tenantId and served by the (tenantId, firstSeenAt) index.
 */
export async function countNewInstallationsPerDay(options: { tenantId: string; since: Date }): Promise<{ day: string; count: number }[]> {
  const rows = await rootDb().$queryRaw<{ day: string; count: bigint }[]>`
    SELECT to_char(date_trunc('day', "firstSeenAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS count
    FROM "Installation"
    WHERE "tenantId" = ${options.tenantId} AND "firstSeenAt" >= ${options.since}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}
