import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgentCatalog } from "@/agent-enroller/src/discovery/load-agent-catalog";
import { parseJsonc } from "@/agent-enroller/src/discovery/parse-jsonc";
import { readMcpServers } from "@/agent-enroller/src/discovery/read-mcp-servers";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import { scanDevice } from "@/agent-enroller/src/discovery/scan-device";

function homeWith(files: Record<string, string>): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "mcp-home-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    writeFileSync(path.join(home, rel), content);
  }
  return home;
}

const sourcesOf = (slug: string) => loadAgentCatalog().find((e) => e.slug === slug)!.mcpConfigs;

async function serversFor(slug: string, home: string, env: Record<string, string> = {}) {
  const ctx = createScanContext({ env: { HOME: home, PATH: "", ...env }, platform: "linux" });
  const out = [];
  for (const source of sourcesOf(slug)) out.push(...(await readMcpServers({ source, ctx })).servers);
  return out;
}

describe("readMcpServers, per vendor format", () => {
  it("opencode: mcp.<name> with type local (command array) or remote", async () => {
    const home = homeWith({
      ".config/opencode/opencode.json": `{
        "$schema": "https://opencode.ai/config.json",
        "mcp": {
          "everything": { "type": "local", "command": ["npx", "-y", "@modelcontextprotocol/server-everything"], "environment": { "K": "secret" } },
          "jira": { "type": "remote", "url": "https://jira.example.com/mcp", "enabled": false, "headers": { "Authorization": "secret" } },
        },
      }`,
    });
    const file = path.join(home, ".config/opencode/opencode.json");
    expect(await serversFor("opencode", home)).toEqual([
      { name: "everything", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-everything"], source: file },
      { name: "jira", transport: "http", url: "https://jira.example.com/mcp", source: file },
    ]);
  });

  it("OpenClaw: JSON5 openclaw.json with mcp.servers", async () => {
    const home = homeWith({
      ".openclaw/openclaw.json": `// OpenClaw config\n{\n  agents: { defaults: { workspace: '~/.openclaw/workspace' } },\n  mcp: { servers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'secret' } } } },\n}\n`,
    });
    expect(await serversFor("openclaw", home)).toEqual([
      { name: "github", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-github"], source: path.join(home, ".openclaw/openclaw.json") },
    ]);
  });

  it("Copilot CLI, Cursor, Qwen Code and Cline: mcpServers maps", async () => {
    const home = homeWith({
      ".copilot/mcp-config.json": JSON.stringify({ mcpServers: { playwright: { type: "local", command: "npx", args: ["@playwright/mcp@latest"], tools: ["*"] } } }),
      ".cursor/mcp.json": JSON.stringify({ mcpServers: { linear: { url: "https://user:pw@mcp.linear.app/sse" } } }),
      ".qwen/settings.json": JSON.stringify({ mcpServers: { tools: { httpUrl: "http://localhost:3000/mcp" } } }),
      ".cline/data/settings/cline_mcp_settings.json": JSON.stringify({ mcpServers: { local: { command: "node", args: ["/srv/server.js"], disabled: false, autoApprove: [] } } }),
    });
    expect(await serversFor("copilot-cli", home)).toMatchObject([{ name: "playwright", transport: "stdio", command: "npx" }]);
    expect(await serversFor("cursor", home)).toMatchObject([{ name: "linear", transport: "sse", url: "https://mcp.linear.app/sse" }]);
    expect(await serversFor("qwen-code", home)).toMatchObject([{ name: "tools", transport: "http", url: "http://localhost:3000/mcp" }]);
    expect(await serversFor("cline", home)).toMatchObject([{ name: "local", transport: "stdio", command: "node", args: ["/srv/server.js"] }]);
  });

  it("Claude Desktop on Linux reads $XDG_CONFIG_HOME/Claude/claude_desktop_config.json", async () => {
    const home = homeWith({ "xdg/Claude/claude_desktop_config.json": JSON.stringify({ mcpServers: { memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] } } }) });
    const servers = await serversFor("claude-desktop", home, { XDG_CONFIG_HOME: path.join(home, "xdg") });
    expect(servers).toMatchObject([{ name: "memory", transport: "stdio" }]);
  });

  it("reports a broken config file as a problem instead of failing the scan", async () => {
    const home = homeWith({ ".gemini/settings.json": "{ this is not json", ".cursor/mcp.json": JSON.stringify({ mcpServers: { ok: { command: "x" } } }) });
    const r = await scanDevice({ ctx: createScanContext({ env: { HOME: home, PATH: "" }, platform: "linux" }), processes: [] });
    expect(r.problems.some((p) => p.includes(".gemini/settings.json"))).toBe(true);
    const cursor = r.inventory.installations.find((i) => i.productSlug === "cursor");
    expect(cursor).toMatchObject({ installMethod: "config-only", version: null, mcpServers: [{ name: "ok" }] });
  });
});

describe("parseJsonc", () => {
  it("accepts comments, trailing commas, unquoted keys and single quotes but keeps // inside strings", () => {
    expect(parseJsonc({ text: `{ // c\n a: 'x//y', "b": [1,2,], /* d */ }` })).toEqual({ a: "x//y", b: [1, 2] });
  });
  it("throws on text that is not JSON-like", () => {
    expect(() => parseJsonc({ text: "{ a: " })).toThrow();
  });
});
