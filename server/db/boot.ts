/**
 * Database boot for `npm start` and the test suites: with DATABASE_URL use that server (never
 * start one); without it, start the embedded PostgreSQL in the data folder. Then migrate.
 */
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { migrateDatabase } from "./migrate";

export type TBootedDatabase = { connectionString: string; embedded: boolean; stop: () => Promise<void> };

export async function bootDatabase(opts: { dataDir: string }): Promise<TBootedDatabase> {
  let connectionString = process.env.DATABASE_URL;
  let stop = async () => {};
  const embedded = !connectionString;
  if (!connectionString) {
    const db = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, "pg"), database: "marshal" });
    connectionString = db.connectionString;
    stop = db.stop;
  }
  try {
    await migrateDatabase({ connectionString });
  } catch (error) {
    await stop();
    throw error;
  }
  return { connectionString, embedded, stop };
}
