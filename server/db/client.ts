/**
 * The unscoped Prisma client. Only code under server/db/ may import this file: everything
 * else reaches tenant data through forTenant() (server/db/for-tenant.ts), or through the few
 * explicitly cross-tenant lookups exported by server/db/index.ts (credential resolution).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set. Run `npm start` (it starts the embedded database) or set DATABASE_URL.");
  return url;
}

function createClient() {
  const adapter = new PrismaPg({ connectionString: databaseUrl(), max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
  return new PrismaClient({ adapter });
}

type TClient = ReturnType<typeof createClient>;
const globalForPrisma = globalThis as unknown as { __marshalPrisma?: TClient };

/** Lazily created so importing this module never needs a database. */
export function rootDb(): TClient {
  globalForPrisma.__marshalPrisma ??= createClient();
  return globalForPrisma.__marshalPrisma;
}

export type TRootDb = TClient;
