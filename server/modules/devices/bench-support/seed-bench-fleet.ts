/**
 * Bulk-creates a fleet of enrolled devices for the benchmarks, in the state a device is in after its first
 * check-in (key registered, installations stored, inventory hash recorded), without going through enrollment
 * one by one. Returns each device's id and private key for the enroller's DeviceClient.
 */
import { randomUUID, type KeyObject } from "node:crypto";
import { createTenantWithOwner } from "@/server/db/accounts";
import pg from "pg";
import type { TInventory } from "@/server/contracts/inventory";
import { exportPublicKeyBase64url, generateDeviceKeyPair } from "@/agent-enroller/src/index";
import { hashInventory } from "../hash-inventory";

export function benchInventory(): TInventory {
  return {
    scannedAt: new Date().toISOString(),
    processesScanned: 240,
    installations: [
      {
        productSlug: "claude-code", displayName: "Claude Code", version: "2.1.197", installPath: "/usr/local/lib/node_modules/@anthropic-ai/claude-code",
        entryFile: "/usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js", sha256: "a".repeat(64), installMethod: "npm-global", running: false, pids: [],
        mcpServers: [{ name: "github", transport: "http", url: "https://api.githubcopilot.com/mcp/", source: "~/.claude.json" }], configPaths: ["~/.claude"],
      },
      {
        productSlug: "codex-cli", displayName: "Codex CLI", version: "0.169.0", installPath: "/usr/local/lib/node_modules/@openai/codex",
        entryFile: "/usr/local/lib/node_modules/@openai/codex/bin/codex.js", sha256: "b".repeat(64), installMethod: "npm-global", running: false, pids: [],
        mcpServers: [], configPaths: ["~/.codex"],
      },
    ],
  };
}

/**
 * Benchmark seeding only: plain SQL (multi-row INSERT ... SELECT FROM unnest) on its own connection, because
 * inserting 100,000 rows through the ORM takes minutes. The rows are exactly what enrollment + a first
 * check-in would have written.
 */
export async function seedBenchFleet(options: { devices: number; withKeys: boolean; withInstallations?: number }) {
  const suffix = randomUUID().slice(0, 8);
  const { tenant } = await createTenantWithOwner({ tenant: { slug: `bench-fleet-${suffix}`, name: "Bench fleet" }, user: { email: `bench-fleet-${suffix}@example.test`, passwordHash: null } });
  const inventory = benchInventory();
  const inventoryHash = hashInventory({ inventory });
  const rings = ["dev", "staging", "prod", "prod", "prod"] as const;
  const oses = ["linux", "darwin", "darwin", "windows"] as const;
  const every = Math.max(1, Math.round(1 / Math.max(options.withInstallations ?? 1, 0.0001)));
  const fleet: { id: string; privateKey: KeyObject | null }[] = [];
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const now = Date.now();
    const chunk = 10_000;
    for (let start = 0; start < options.devices; start += chunk) {
      const cols = { id: [] as string[], machineId: [] as string[], hostname: [] as string[], os: [] as string[], username: [] as string[], ring: [] as string[], publicKey: [] as string[], lastCheckinAt: [] as string[], enrolledAt: [] as string[] };
      for (let i = start; i < Math.min(options.devices, start + chunk); i++) {
        const privateKey = options.withKeys ? generateDeviceKeyPair().privateKey : null;
        const id = `bench${suffix}${String(i).padStart(7, "0")}`;
        fleet.push({ id, privateKey });
        cols.id.push(id);
        cols.machineId.push(`machine-${suffix}-${i}`);
        cols.hostname.push(`host-${i}.corp.example`);
        cols.os.push(oses[i % oses.length]!);
        cols.username.push(`user${i}`);
        cols.ring.push(rings[i % rings.length]!);
        cols.publicKey.push(privateKey ? exportPublicKeyBase64url({ key: privateKey }) : "A".repeat(43));
        cols.lastCheckinAt.push(new Date(now - (i % 86_400) * 1000).toISOString().replace("Z", ""));
        cols.enrolledAt.push(new Date(now - (i % 1000) * 60_000).toISOString().replace("Z", ""));
      }
      await client.query(
        `INSERT INTO "Device" ("id", "tenantId", "machineId", "hostname", "os", "osVersion", "arch", "username", "enrollerVersion", "ring", "publicKey",
                               "inventoryHash", "lastInventoryAt", "lastCheckinAt", "enrolledAt", "updatedAt")
         SELECT id, $1, machine, host, os, '14.5', 'arm64', username, '0.1.0', ring::"Ring", pk, $2, now() AT TIME ZONE 'UTC', checkin::timestamp(3), enrolled::timestamp(3), now() AT TIME ZONE 'UTC'
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
              AS t(id, machine, host, os, username, ring, pk, checkin, enrolled)`,
        [tenant.id, inventoryHash, cols.id, cols.machineId, cols.hostname, cols.os, cols.username, cols.ring, cols.publicKey, cols.lastCheckinAt, cols.enrolledAt],
      );
      for (const inst of inventory.installations) {
        await client.query(
          `INSERT INTO "Installation" ("id", "tenantId", "deviceId", "productSlug", "displayName", "version", "installPath", "entryFile", "sha256", "installMethod",
                                       "running", "pids", "mcpServers", "configPaths")
           SELECT d || '-' || $2, $1, d, $2, $3, $4, $5, $6, $7, $8, false, '{}', $9::jsonb, $10::text[]
           FROM unnest($11::text[]) WITH ORDINALITY AS t(d, n) WHERE (n - 1) % $12 = 0`,
          [tenant.id, inst.productSlug, inst.displayName, inst.version, inst.installPath, inst.entryFile, inst.sha256, inst.installMethod, JSON.stringify(inst.mcpServers), inst.configPaths, cols.id, every],
        );
      }
    }
    // The steady state of a live table: autovacuum has run, statistics are current.
    await client.query(`VACUUM ANALYZE "Device"`);
    await client.query(`VACUUM ANALYZE "Installation"`);
  } finally {
    await client.end();
  }
  return { tenant, fleet, inventory };
}
