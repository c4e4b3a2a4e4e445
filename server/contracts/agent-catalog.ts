/**
 * Detection signatures of AI agent products: the catalog the enroller scans for and the server seeds its
 * AgentProduct rows from. The data lives in `agent-catalog.json`; a new agent is a new entry, not new code.
 *
 * Paths are templates: `~` is the user's home, `%APPDATA%` / `%LOCALAPPDATA%` / `%USERPROFILE%` are the
 * Windows folders, `$XDG_CONFIG_HOME` defaults to `~/.config`. `os` limits an entry to some platforms.
 */
import { z } from "zod";
import { ZDeviceOs } from "./device";

export const ZPlatformPath = z.union([
  z.string().min(1),
  z.strictObject({ path: z.string().min(1), os: z.array(ZDeviceOs).min(1) }),
]);
export type TPlatformPath = z.infer<typeof ZPlatformPath>;

/**
 * Where an MCP server map sits in a config file. `serversAt` is the key path to the object whose keys are
 * server names. `dialect` says how one entry is written:
 * - `standard`: `{ command, args, env }` or `{ type|transport: "http"|"sse"|"streamable-http", url|serverUrl|httpUrl, headers }`
 *   (Claude Code / Desktop, Gemini CLI, Qwen Code, Cursor, Cline, Copilot CLI, OpenClaw)
 * - `codex`: TOML tables `[mcp_servers.<name>]` with `command`, `args`, `env`, or `url` (Codex config reference)
 * - `opencode`: `{ type: "local", command: [cmd, ...args], environment }` or `{ type: "remote", url, headers }`
 * `projects` describes per-project maps inside the same file (Claude Code keeps `projects.<dir>.mcpServers`),
 * and `projectFiles` project-root files to read for each such project directory (Claude Code's `.mcp.json`).
 */
export const ZMcpConfigSource = z.strictObject({
  path: ZPlatformPath,
  format: z.enum(["json", "jsonc", "toml"]),
  serversAt: z.array(z.string().min(1)).min(1),
  dialect: z.enum(["standard", "codex", "opencode"]).default("standard"),
  projects: z
    .strictObject({
      at: z.array(z.string().min(1)).min(1),
      serversAt: z.array(z.string().min(1)).min(1),
      projectFiles: z.array(z.string().min(1)).default([]),
    })
    .optional(),
});
export type TMcpConfigSource = z.infer<typeof ZMcpConfigSource>;

export const ZAgentCatalogEntry = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  displayName: z.string().min(1),
  vendor: z.string().min(1),
  kind: z.enum(["cli", "ide-extension", "desktop-app"]),
  homepage: z.string().url().optional(),
  /** npm package names; the version is read from the package's package.json, the hash from its bin entry file. */
  npmPackages: z.array(z.string().min(1)).default([]),
  /** Python distributions (PEP 503 names); version from the installed `*.dist-info/METADATA`. */
  pipPackages: z.array(z.string().min(1)).default([]),
  /** Executable names looked up on PATH (without `.exe` / `.cmd`). */
  binaries: z.array(z.string().min(1)).default([]),
  /** VS Code / Cursor extension ids, `publisher.name`, compared case-insensitively. */
  extensionIds: z.array(z.string().regex(/^[^.\s]+\.[^\s]+$/)).default([]),
  /** Application bundles or install folders. */
  appPaths: z.array(ZPlatformPath).default([]),
  /** Config folders or files whose presence shows the product is (or was) used by this person. */
  configPaths: z.array(ZPlatformPath).default([]),
  mcpConfigs: z.array(ZMcpConfigSource).default([]),
  /** Regular expressions matched against a process's executable base name, for products found without a path. */
  processNames: z.array(z.string().min(1)).default([]),
  /** Arguments that print the version, for binaries that are not npm/pip installs; first semver-like match wins. */
  versionArgs: z.array(z.string()).optional(),
  /** Where the documented footprint came from. */
  docs: z.array(z.string().url()).default([]),
});
export type TAgentCatalogEntry = z.infer<typeof ZAgentCatalogEntry>;
export type TAgentCatalogEntryInput = z.input<typeof ZAgentCatalogEntry>;

export const ZAgentCatalog = z
  .array(ZAgentCatalogEntry)
  .min(1)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    for (const [i, e] of entries.entries()) {
      if (seen.has(e.slug)) ctx.addIssue({ code: "custom", message: `duplicate slug ${e.slug}`, path: [i, "slug"] });
      seen.add(e.slug);
    }
  });
export type TAgentCatalog = z.infer<typeof ZAgentCatalog>;
