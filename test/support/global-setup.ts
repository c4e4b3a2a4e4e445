/**
 * Vitest global setup: a real PostgreSQL for the integration tests. With TEST_DATABASE_URL it
 * uses that server (creating a fresh database per run); otherwise it starts the embedded
 * PostgreSQL in a fresh temporary folder. Migrations are applied with the same code `npm start` uses.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { migrateDatabase } from "../../server/db/migrate";

export default async function setup() {
  let stop = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  let dir: string | undefined;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "marshal-test-pg-"));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), database: "postgres_admin" });
    adminUrl = db.connectionString;
    stop = db.stop;
  }
  const database = `marshal_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  await migrateDatabase({ connectionString: url.toString() });
  process.env.DATABASE_URL = url.toString();
  process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
  process.env.MARSHAL_PUBLIC_URL ??= "http://localhost:3999";
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
