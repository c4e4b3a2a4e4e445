/**
 * `npm start`: one command runs the console.
 *  1. database: DATABASE_URL, or the embedded PostgreSQL in .data/pg (stopped cleanly on SIGINT/SIGTERM);
 *  2. migrations, applied automatically;
 *  3. demo tenant "Acme" on the embedded database (or with MARSHAL_DEMO=1), printing its secrets only when just created;
 *  4. a production build of the console when the sources changed since the last one, then `next start`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bootDatabase } from "../server/db/boot";
import { resolveSecretsKek } from "../server/modules/secrets/envelope-encryption";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(process.env.MARSHAL_DATA_DIR ?? path.join(root, ".data"));
const port = Number(process.env.PORT ?? 3000);
const dev = process.argv.includes("--dev");
mkdirSync(dataDir, { recursive: true });

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

/** AUTH_SECRET: required with an external database; generated once and kept in the data folder otherwise. */
function authSecret(embedded: boolean): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (!embedded) throw new Error("AUTH_SECRET is required when DATABASE_URL is set (e.g. `openssl rand -base64 48`)");
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** A cheap fingerprint of the console's sources: rebuild only when one changed. */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".next") || ["node_modules", ".data", "dist", "generated", "e2e", "bench", "agent-enroller"].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css|json|mjs)$/.test(entry.name)) {
        const s = statSync(full);
        hash.update(`${full}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "components", "lib", "server", "prisma"]) walk(path.join(root, dir));
  for (const file of ["package.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"]) {
    const s = statSync(path.join(root, file));
    hash.update(`${file}:${s.size}:${s.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

function buildIfNeeded(env: NodeJS.ProcessEnv) {
  const distDir = path.join(root, process.env.MARSHAL_NEXT_DIST ?? ".next");
  const marker = path.join(distDir, "marshal-build-fingerprint");
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(distDir, "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint) return;
  log("Building the console (first start or sources changed)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(marker, fingerprint);
}

async function main() {
  // Secrets first: a missing AUTH_SECRET / MARSHAL_SECRETS_KEK with DATABASE_URL is refused before anything is touched.
  const embedded = !process.env.DATABASE_URL;
  const secrets = {
    AUTH_SECRET: authSecret(embedded),
    // Tenant secrets' key-encryption key, kept like AUTH_SECRET (see resolveSecretsKek).
    MARSHAL_SECRETS_KEK: resolveSecretsKek({ env: process.env, dataDir, embedded }),
  };
  const db = await bootDatabase({ dataDir });
  let child: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("exit", r));
    }
    await db.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const publicUrl = process.env.MARSHAL_PUBLIC_URL ?? `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.connectionString,
    ...secrets,
    MARSHAL_DATA_DIR: dataDir,
    MARSHAL_PUBLIC_URL: publicUrl,
    AUTH_URL: process.env.AUTH_URL ?? publicUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, env);

  await (await import("../server/modules/catalog/seed-agent-catalog")).seedAgentCatalog();
  const demo = db.embedded || process.env.MARSHAL_DEMO === "1" ? await (await import("../prisma/seed/seed-demo")).seedDemoTenant() : null;

  if (!dev) buildIfNeeded(env);
  const nextBin = path.join(root, "node_modules/next/dist/bin/next");
  child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port), "-H", process.env.HOST ?? "0.0.0.0"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let announced = false;
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (process.env.MARSHAL_VERBOSE) process.stdout.write(text);
    if (!announced && /Ready in|started server|Local:/i.test(text)) {
      announced = true;
      log(`Console: ${publicUrl}`);
      if (demo) {
        log(`Sign in: ${demo.email} / ${demo.password}`);
        log(`API key: ${demo.apiKey}`);
        log(`Enroll a device: ${demo.enrollCommand}`);
      }
    }
  });
  child.on("exit", (code) => void shutdown(code ?? 1));
}

main().catch((error) => {
  console.error(`Marshal failed to start: ${(error as Error).message}`);
  process.exit(1);
});
