/**
 * What the demo fleet looks like: twelve machines of the kinds a company has (developer laptops on macOS,
 * Windows and Linux, a shared build box, a data-science workstation), each with the agents people really install,
 * at a spread of versions, and the MCP servers they wire in. Paths follow each product's documented install
 * location (npm global prefix, Homebrew, the app bundle, pip user site).
 */
import { createHash } from "node:crypto";
import type { TInstallation, TMcpServer } from "@/server/contracts/inventory";
import type { TDemoPersonKey } from "./seed-demo-directory";

type TOs = "darwin" | "linux" | "windows";
export type TDemoAgent = { slug: string; version: string };
export type TDemoDevice = { hostname: string; os: TOs; osVersion: string; arch: string; owner: TDemoPersonKey; ring: "dev" | "staging" | "prod"; agents: TDemoAgent[]; mcp: Array<keyof typeof MCP> };

const MCP = {
  github: { name: "github", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-github"] },
  filesystem: { name: "filesystem", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "~/src"] },
  postgres: { name: "postgres", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-postgres", "postgresql://localhost/analytics"] },
  sentry: { name: "sentry", transport: "http", url: "https://mcp.sentry.dev/mcp" },
  linear: { name: "linear", transport: "sse", url: "https://mcp.linear.app/sse" },
  playwright: { name: "playwright", transport: "stdio", command: "npx", args: ["@playwright/mcp@latest"] },
} satisfies Record<string, Omit<TMcpServer, "source">>;

export const DEMO_FLEET: TDemoDevice[] = [
  { hostname: "ada-mbp", os: "darwin", osVersion: "15.5", arch: "arm64", owner: "ada", ring: "dev", agents: [{ slug: "claude-code", version: "2.1.197" }, { slug: "codex-cli", version: "0.169.0" }, { slug: "cursor", version: "1.7.2" }], mcp: ["github", "sentry", "linear"] },
  { hostname: "ada-devbox", os: "linux", osVersion: "Ubuntu 24.04", arch: "x64", owner: "ada", ring: "dev", agents: [{ slug: "claude-code", version: "2.1.197" }, { slug: "aider", version: "0.86.1" }], mcp: ["github", "filesystem"] },
  { hostname: "grace-mbp", os: "darwin", osVersion: "15.4", arch: "arm64", owner: "grace", ring: "staging", agents: [{ slug: "claude-code", version: "2.1.190" }, { slug: "gemini-cli", version: "0.61.0" }], mcp: ["linear"] },
  { hostname: "linus-thinkpad", os: "linux", osVersion: "Fedora 42", arch: "x64", owner: "linus", ring: "dev", agents: [{ slug: "aider", version: "0.85.2" }, { slug: "codex-cli", version: "0.160.0" }, { slug: "openclaw", version: "2026.3.1" }], mcp: ["filesystem"] },
  { hostname: "margaret-mbp", os: "darwin", osVersion: "15.5", arch: "arm64", owner: "margaret", ring: "prod", agents: [{ slug: "claude-code", version: "2.1.197" }, { slug: "cursor", version: "1.6.45" }], mcp: ["github", "postgres", "sentry"] },
  { hostname: "ken-surface", os: "windows", osVersion: "11 24H2", arch: "x64", owner: "ken", ring: "prod", agents: [{ slug: "claude-code", version: "2.0.76" }, { slug: "cursor", version: "1.7.2" }], mcp: ["github"] },
  { hostname: "payments-build-01", os: "linux", osVersion: "Debian 12", arch: "x64", owner: "margaret", ring: "prod", agents: [{ slug: "claude-code", version: "2.1.197" }, { slug: "codex-cli", version: "0.169.0" }], mcp: ["github"] },
  { hostname: "barbara-ws", os: "linux", osVersion: "Ubuntu 22.04", arch: "x64", owner: "barbara", ring: "staging", agents: [{ slug: "gemini-cli", version: "0.61.0" }, { slug: "aider", version: "0.86.1" }, { slug: "codex-cli", version: "0.169.0" }], mcp: ["postgres", "filesystem"] },
  { hostname: "dennis-mbp", os: "darwin", osVersion: "14.7", arch: "arm64", owner: "dennis", ring: "staging", agents: [{ slug: "gemini-cli", version: "0.58.0" }, { slug: "claude-code", version: "2.1.190" }], mcp: ["postgres", "playwright"] },
  { hostname: "radia-mbp", os: "darwin", osVersion: "15.5", arch: "arm64", owner: "radia", ring: "dev", agents: [{ slug: "claude-code", version: "2.1.197" }, { slug: "openclaw", version: "2026.2.0" }], mcp: ["github", "sentry"] },
  { hostname: "grace-win", os: "windows", osVersion: "11 23H2", arch: "x64", owner: "grace", ring: "prod", agents: [{ slug: "codex-cli", version: "0.166.0" }, { slug: "cursor", version: "1.6.45" }], mcp: [] },
  { hostname: "ken-devcontainer", os: "linux", osVersion: "Debian 12", arch: "arm64", owner: "ken", ring: "dev", agents: [{ slug: "claude-code", version: "2.1.197" }, { slug: "gemini-cli", version: "0.61.0" }], mcp: ["github", "playwright"] },
];

const NAMES: Record<string, string> = {
  "claude-code": "Claude Code",
  "codex-cli": "Codex CLI",
  "gemini-cli": "Gemini CLI",
  cursor: "Cursor",
  aider: "Aider",
  openclaw: "OpenClaw",
};

function home(d: TDemoDevice): string {
  if (d.os === "darwin") return `/Users/${d.owner}`;
  if (d.os === "windows") return `C:\\Users\\${d.owner}`;
  return `/home/${d.owner}`;
}

function location(d: TDemoDevice, a: TDemoAgent): Pick<TInstallation, "installPath" | "entryFile" | "installMethod" | "configPaths"> {
  const h = home(d);
  const npmRoot = d.os === "darwin" ? "/opt/homebrew/lib/node_modules" : d.os === "windows" ? `${h}\\AppData\\Roaming\\npm\\node_modules` : "/usr/local/lib/node_modules";
  const sep = d.os === "windows" ? "\\" : "/";
  const npm = (pkg: string, entry: string, config: string[]) => ({ installPath: `${npmRoot}${sep}${pkg.replace("/", sep)}`, entryFile: `${npmRoot}${sep}${pkg.replace("/", sep)}${sep}${entry}`, installMethod: "npm-global" as const, configPaths: config });
  switch (a.slug) {
    case "claude-code":
      return npm("@anthropic-ai/claude-code", "cli.js", [`${h}${sep}.claude${sep}settings.json`, `${h}${sep}.claude.json`]);
    case "codex-cli":
      return npm("@openai/codex", `bin${sep}codex.js`, [`${h}${sep}.codex${sep}config.toml`]);
    case "gemini-cli":
      return npm("@google/gemini-cli", `dist${sep}index.js`, [`${h}${sep}.gemini${sep}settings.json`]);
    case "openclaw":
      return npm("openclaw", "openclaw.mjs", [`${h}${sep}.openclaw${sep}openclaw.json`]);
    case "cursor":
      return d.os === "darwin"
        ? { installPath: "/Applications/Cursor.app", entryFile: "/Applications/Cursor.app/Contents/MacOS/Cursor", installMethod: "app", configPaths: [`${h}/.cursor/mcp.json`] }
        : { installPath: `${h}\\AppData\\Local\\Programs\\cursor`, entryFile: `${h}\\AppData\\Local\\Programs\\cursor\\Cursor.exe`, installMethod: "app", configPaths: [`${h}\\.cursor\\mcp.json`] };
    default: {
      const site = d.os === "darwin" ? `${h}/Library/Python/3.12/lib/python/site-packages` : `${h}/.local/lib/python3.12/site-packages`;
      return { installPath: `${site}/aider`, entryFile: `${h}/.local/bin/aider`, installMethod: "pip", configPaths: [`${h}/.aider.conf.yml`] };
    }
  }
}

/** The installation a scan of this device reports (hash: a stable stand-in for the entry file's sha256). */
export function demoInstallations(d: TDemoDevice): TInstallation[] {
  return d.agents.map((a, i) => {
    const loc = location(d, a);
    const mcpServers: TMcpServer[] = ["claude-code", "cursor", "gemini-cli", "codex-cli"].includes(a.slug) ? d.mcp.map((m) => ({ ...MCP[m], source: loc.configPaths[0]! })) : [];
    return {
      productSlug: a.slug,
      displayName: NAMES[a.slug] ?? a.slug,
      version: a.version,
      ...loc,
      sha256: createHash("sha256").update(`${a.slug}@${a.version}/${d.os}`).digest("hex"),
      running: i === 0,
      pids: i === 0 ? [4100 + i * 17 + d.hostname.length] : [],
      mcpServers,
    };
  });
}
