/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
 * the SQL from the schema as committed (HEAD, which the committed migrations produce) to the
 * working-tree prisma/schema.prisma, then regenerates the client. A pure datamodel diff: no
 * shadow database needed. Commit the schema and its migration together; review
 * the SQL first (hand edits such as partitioning are fine).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const prisma = path.join(root, "node_modules/prisma/build/index.js");
const tmp = mkdtempSync(path.join(os.tmpdir(), "marshal-migration-"));
// The adapter-based CLI wants a reachable database even for a pure datamodel diff: a throwaway one.
const db = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), database: "marshal" });
const env = { ...process.env, DATABASE_URL: db.connectionString, CHECKPOINT_DISABLE: "1" };
try {
  const committed = path.join(tmp, "schema.prisma");
  writeFileSync(committed, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root, encoding: "utf8" }));
  const sql = execFileSync(process.execPath, [prisma, "migrate", "diff", "--from-schema-datamodel", committed, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (!sql.trim() || /empty migration/i.test(sql)) {
    console.log("No schema changes: nothing written.");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const target = path.join(root, "prisma/migrations", `${stamp}_${name}`);
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, "migration.sql"), sql);
    console.log(`Wrote ${path.relative(root, target)}/migration.sql`);
  }
  execFileSync(process.execPath, [prisma, "generate"], { cwd: root, stdio: "inherit", env });
} finally {
  await db.stop();
  rmSync(tmp, { recursive: true, force: true });
}
