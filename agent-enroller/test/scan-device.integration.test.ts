/**
 * Discovery against the real npm packages of Claude Code, Codex CLI and Gemini CLI, with a temporary HOME
 * holding each product's MCP configuration in its own documented format.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import { scanDevice } from "@/agent-enroller/src/discovery/scan-device";
import { ZInventory, type TInstallation, type TInventory } from "@/server/contracts/inventory";

const sha256 = (file: string) => createHash("sha256").update(readFileSync(realpathSync(file))).digest("hex");

async function waitForPid(pid: number | undefined): Promise<number> {
  if (!pid) throw new Error("process did not start");
  return pid;
}

describe("scanDevice with real agent installs", () => {
  const claude = installRealAgent("claude");
  const codex = installRealAgent("codex");
  const gemini = installRealAgent("gemini");
  const home = mkdtempSync(path.join(os.tmpdir(), "marshal-home-"));
  const project = path.join(home, "work", "api");
  const children: ChildProcess[] = [];
  let inventory: TInventory;
  let claudePid: number;
  let geminiPid: number;

  const byProduct = (slug: string): TInstallation => {
    const found = inventory.installations.filter((i) => i.productSlug === slug);
    expect(found, slug).toHaveLength(1);
    return found[0]!;
  };

  beforeAll(async () => {
    mkdirSync(project, { recursive: true });
    mkdirSync(path.join(home, ".claude"));
    // Claude Code: user scope (top-level mcpServers) and local scope (projects.<dir>.mcpServers) in ~/.claude.json,
    // project scope in <dir>/.mcp.json.
    writeFileSync(
      path.join(home, ".claude.json"),
      JSON.stringify({
        numStartups: 3,
        mcpServers: { filesystem: { type: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/srv"], env: { API_KEY: "sk-secret-1" } } },
        projects: { [project]: { mcpServers: { sentry: { type: "http", url: "https://mcp.sentry.dev/mcp", headers: { Authorization: "Bearer secret-2" } } } } },
      }),
    );
    writeFileSync(path.join(project, ".mcp.json"), JSON.stringify({ mcpServers: { asana: { type: "sse", url: "https://mcp.asana.com/sse" } } }));
    // Codex: [mcp_servers.<name>] tables in ~/.codex/config.toml.
    mkdirSync(path.join(home, ".codex"));
    writeFileSync(
      path.join(home, ".codex", "config.toml"),
      ['model = "gpt-5"', "", "[mcp_servers.context7]", 'command = "npx"', 'args = ["-y", "@upstash/context7-mcp"]', 'env = { "TOKEN" = "secret-3" }', "", "[mcp_servers.figma]", 'url = "https://mcp.figma.com/mcp"', 'bearer_token_env_var = "FIGMA_TOKEN"', ""].join("\n"),
    );
    // Gemini: settings.json (comments allowed) mcpServers; `httpUrl` = streamable HTTP, `url` = SSE.
    mkdirSync(path.join(home, ".gemini"));
    writeFileSync(
      path.join(home, ".gemini", "settings.json"),
      `{\n  // user settings\n  "theme": "Dracula",\n  "mcpServers": {\n    "github": { "httpUrl": "https://api.githubcopilot.com/mcp/", "headers": { "Authorization": "secret-4" } },\n    "amap": { "url": "https://mcp.amap.com/sse?key=secret-5" },\n    "git": { "command": "uvx", "args": ["mcp-server-git"] },\n  },\n}\n`,
    );

    // Running processes: the real Claude Code binary as an MCP server (stays up while stdin is open), and a
    // long-running node process whose argv names Gemini's installed entry point.
    const claudeProc = spawn(claude.binPath, ["mcp", "serve"], { env: { ...process.env, HOME: home }, stdio: ["pipe", "ignore", "ignore"] });
    const geminiProc = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)", gemini.binPath], { stdio: "ignore" });
    children.push(claudeProc, geminiProc);
    claudePid = await waitForPid(claudeProc.pid);
    geminiPid = await waitForPid(geminiProc.pid);
    await new Promise((r) => setTimeout(r, 300)); // let exec() replace the process image

    const ctx = createScanContext({
      env: { HOME: home, PATH: [path.join(claude.prefix, "bin"), path.join(codex.prefix, "bin"), path.join(gemini.prefix, "bin"), "/usr/bin", "/bin"].join(":") },
    });
    inventory = (await scanDevice({ ctx })).inventory;
  });

  afterAll(() => {
    for (const c of children) c.kill("SIGKILL");
  });

  it("reports a valid inventory with exactly the three agents", () => {
    expect(ZInventory.safeParse(inventory).success).toBe(true);
    expect(inventory.installations.map((i) => i.productSlug).sort()).toEqual(["claude-code", "codex-cli", "gemini-cli"]);
    expect(inventory.processesScanned).toBeGreaterThan(0);
  });

  it("reports the versions the packages declare and the sha256 of each bin entry file", () => {
    const c = byProduct("claude-code");
    expect(c).toMatchObject({ version: "2.1.197", installMethod: "npm-global", installPath: realpathSync(claude.pkgDir) });
    expect(c.entryFile).toBe(realpathSync(claude.binPath));
    expect(c.sha256).toBe(sha256(claude.binPath));
    const x = byProduct("codex-cli");
    expect(x).toMatchObject({ version: "0.169.0", installMethod: "npm-global", entryFile: realpathSync(codex.binPath) });
    expect(x.sha256).toBe(sha256(codex.binPath));
    const g = byProduct("gemini-cli");
    expect(g).toMatchObject({ version: "0.61.0", installMethod: "npm-global", entryFile: realpathSync(gemini.binPath) });
    expect(g.sha256).toBe(sha256(gemini.binPath));
  });

  it("detects running processes of an installation and not of the others", () => {
    expect(byProduct("claude-code")).toMatchObject({ running: true });
    expect(byProduct("claude-code").pids).toContain(claudePid);
    expect(byProduct("gemini-cli").pids).toEqual([geminiPid]);
    expect(byProduct("codex-cli")).toMatchObject({ running: false, pids: [] });
  });

  it("parses Claude Code's user, local and project MCP scopes without env or headers", () => {
    const c = byProduct("claude-code");
    const claudeJson = path.join(home, ".claude.json");
    expect(c.mcpServers).toEqual(
      expect.arrayContaining([
        { name: "filesystem", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "/srv"], source: claudeJson },
        { name: "sentry", transport: "http", url: "https://mcp.sentry.dev/mcp", source: claudeJson },
        { name: "asana", transport: "sse", url: "https://mcp.asana.com/sse", source: path.join(project, ".mcp.json") },
      ]),
    );
    expect(c.mcpServers).toHaveLength(3);
    expect(c.configPaths).toEqual(expect.arrayContaining([path.join(home, ".claude"), claudeJson, path.join(project, ".mcp.json")]));
    expect(JSON.stringify(inventory)).not.toMatch(/secret/);
  });

  it("parses Codex's TOML and Gemini's JSONC formats", () => {
    const toml = path.join(home, ".codex", "config.toml");
    expect(byProduct("codex-cli").mcpServers).toEqual([
      { name: "context7", transport: "stdio", command: "npx", args: ["-y", "@upstash/context7-mcp"], source: toml },
      { name: "figma", transport: "http", url: "https://mcp.figma.com/mcp", source: toml },
    ]);
    const settings = path.join(home, ".gemini", "settings.json");
    expect(byProduct("gemini-cli").mcpServers).toEqual([
      { name: "github", transport: "http", url: "https://api.githubcopilot.com/mcp/", source: settings },
      { name: "amap", transport: "sse", url: "https://mcp.amap.com/sse?key=REDACTED", source: settings },
      { name: "git", transport: "stdio", command: "uvx", args: ["mcp-server-git"], source: settings },
    ]);
  });

  it("reports no config or MCP servers when HOME is empty and no agent is on PATH", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "marshal-empty-"));
    const ctx = createScanContext({ env: { HOME: empty, PATH: "/nonexistent/bin" } });
    const r = await scanDevice({ ctx, processes: [] });
    // Agents installed system-wide on the host may still show up; nothing may come from the empty home.
    expect(r.inventory.installations.filter((i) => i.installMethod === "config-only")).toEqual([]);
    expect(r.inventory.installations.flatMap((i) => [...i.configPaths, ...i.mcpServers.map((m) => m.source)]).filter((p) => p.startsWith(empty))).toEqual([]);
  });
});
