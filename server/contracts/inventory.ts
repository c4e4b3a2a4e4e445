/**
 * What a device reports about the AI agents installed on it. Shared by the enroller (which builds it)
 * and the server (which validates and stores it). Pure zod: no node, next or prisma imports.
 */
import { z } from "zod";

export const MAX_INSTALLATIONS = 500;
export const MAX_MCP_SERVERS_PER_INSTALLATION = 200;

export const ZInstallMethod = z.enum(["npm-global", "binary", "vscode-extension", "app", "pip", "config-only"]);
export type TInstallMethod = z.infer<typeof ZInstallMethod>;

export const ZMcpTransport = z.enum(["stdio", "http", "sse"]);
export type TMcpTransport = z.infer<typeof ZMcpTransport>;

/**
 * One MCP server an agent is configured to reach. Never carries `env` values or HTTP headers: those hold
 * secrets (API keys, bearer tokens). `source` is the config file the entry was read from.
 */
export const ZMcpServer = z.strictObject({
  name: z.string().min(1).max(200),
  transport: ZMcpTransport,
  command: z.string().max(4096).optional(),
  args: z.array(z.string().max(4096)).max(200).optional(),
  url: z.string().max(4096).optional(),
  source: z.string().min(1).max(4096),
});
export type TMcpServer = z.infer<typeof ZMcpServer>;

/** `productSlug` is a catalog slug, or `unknown:<name>` for something agent-like the catalog does not know. */
export const ZProductSlug = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?:[a-z0-9][a-z0-9-]*|unknown:.+)$/, "a catalog slug or unknown:<name>");

export const ZSha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex sha256");

export const ZInstallation = z.strictObject({
  productSlug: ZProductSlug,
  displayName: z.string().min(1).max(200),
  version: z.string().max(200).nullable(),
  installPath: z.string().min(1).max(4096),
  entryFile: z.string().max(4096).nullable(),
  sha256: ZSha256Hex.nullable(),
  installMethod: ZInstallMethod,
  running: z.boolean(),
  pids: z.array(z.number().int().positive()).max(1000),
  mcpServers: z.array(ZMcpServer).max(MAX_MCP_SERVERS_PER_INSTALLATION),
  configPaths: z.array(z.string().max(4096)).max(100),
});
export type TInstallation = z.infer<typeof ZInstallation>;

export const ZInventory = z.strictObject({
  scannedAt: z.iso.datetime({ offset: true }),
  installations: z.array(ZInstallation).max(MAX_INSTALLATIONS),
  /** How many processes the scan looked at (0 when the process table could not be read). */
  processesScanned: z.number().int().nonnegative(),
});
export type TInventory = z.infer<typeof ZInventory>;
