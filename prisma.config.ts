import "dotenv/config";
import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Workaround for prisma/prisma issue 27403 (open): the WebAssembly schema engine reads catalog
// columns of type `name` (OID 19) and `"char"` (OID 18), which @prisma/adapter-pg 6.19 cannot
// deserialize ("Column type 'name' could not be deserialized"). Report them as text (OID 25).
// This lives here only: it patches the pools the Prisma CLI builds, including the shadow
// database pool of `migrate dev`, and never the application's own client.
const originalQuery = pg.Pool.prototype.query;
pg.Pool.prototype.query = async function patchedQuery(this: pg.Pool, ...args: unknown[]) {
  const result = await (originalQuery as (...a: unknown[]) => Promise<pg.QueryResult>).apply(this, args);
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  }
  return result;
} as typeof pg.Pool.prototype.query;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
    // Short idle timeout: the CLI never ends its pool, so idle connections would hold the process open for 10 s.
    return new PrismaPg({ connectionString, idleTimeoutMillis: 100 });
  },
});
