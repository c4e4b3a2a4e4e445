/**
 * Reads the MCP servers an agent is configured with from one config source of the catalog.
 * Formats follow each vendor's documentation (see the `docs` of the catalog entry):
 * - Claude Code: `~/.claude.json` `mcpServers` (user scope) and `projects.<dir>.mcpServers` (local scope),
 *   plus `<dir>/.mcp.json` (project scope); entries `{ type?: "stdio"|"http"|"sse", command, args, env, url, headers }`.
 * - Gemini CLI / Qwen Code: `settings.json` `mcpServers`; `command` = stdio, `url` = SSE, `httpUrl` = streamable HTTP.
 * - Codex: `config.toml` `[mcp_servers.<name>]` with `command`/`args`/`env` or `url` (streamable HTTP).
 * - opencode: `mcp.<name>` with `type: "local", command: [..]` or `type: "remote", url`.
 * Secrets never leave the device: `env`, `environment` and `headers` are not read, URL credentials and
 * query values are replaced by `REDACTED`.
 */
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import type { TMcpConfigSource } from "../../../server/contracts/agent-catalog";
import type { TMcpServer, TMcpTransport } from "../../../server/contracts/inventory";
import { expandPathTemplate } from "./expand-path-template";
import { tryReadText } from "./fs-probe";
import { parseJsonc } from "./parse-jsonc";
import type { TScanContext } from "./scan-context";

export type TMcpReadResult = { configFiles: string[]; servers: TMcpServer[]; problems: string[] };

export async function readMcpServers(options: { source: TMcpConfigSource; ctx: TScanContext }): Promise<TMcpReadResult> {
  const { source, ctx } = options;
  const result: TMcpReadResult = { configFiles: [], servers: [], problems: [] };
  const file = expandPathTemplate({ template: source.path, ctx });
  if (!file) return result;
  const doc = await readConfigDocument({ file, format: source.format, problems: result.problems });
  if (doc === undefined) return result;
  result.configFiles.push(file);
  result.servers.push(...serversFromMap({ map: getAt(doc, source.serversAt), dialect: source.dialect, file }));
  if (source.projects) {
    const projects = getAt(doc, source.projects.at);
    if (isRecord(projects)) {
      for (const [dir, project] of Object.entries(projects)) {
        result.servers.push(...serversFromMap({ map: getAt(project, source.projects.serversAt), dialect: source.dialect, file }));
        for (const rel of source.projects.projectFiles) {
          if (!path.isAbsolute(dir)) continue;
          const projectFile = path.join(dir, rel);
          const projectDoc = await readConfigDocument({ file: projectFile, format: "jsonc", problems: result.problems });
          if (projectDoc === undefined) continue;
          result.configFiles.push(projectFile);
          result.servers.push(...serversFromMap({ map: getAt(projectDoc, source.serversAt), dialect: source.dialect, file: projectFile }));
        }
      }
    }
  }
  return result;
}

async function readConfigDocument(options: { file: string; format: TMcpConfigSource["format"]; problems: string[] }): Promise<unknown> {
  const text = await tryReadText(options.file);
  if (text === null) return undefined;
  try {
    if (options.format === "toml") return parseToml(text);
    if (options.format === "json") return JSON.parse(text);
    return parseJsonc({ text });
  } catch (err) {
    options.problems.push(`${options.file}: not valid ${options.format} (${(err as Error).message.split("\n")[0]})`);
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function getAt(doc: unknown, keys: string[]): unknown {
  let cur = doc;
  for (const k of keys) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function stringArray(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === "string");
}

/** Keeps scheme, host, port and path; drops user:password and replaces each query value with REDACTED. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = "";
    u.password = "";
    for (const key of [...new Set(u.searchParams.keys())]) u.searchParams.set(key, "REDACTED");
    u.hash = "";
    return u.toString();
  } catch {
    return raw.replace(/\?.*$/, "");
  }
}

function transportFor(type: unknown, url: string, viaHttpUrl: boolean): TMcpTransport {
  const t = typeof type === "string" ? type.toLowerCase() : "";
  if (t === "sse") return "sse";
  if (t === "http" || t === "streamable-http" || t === "streamablehttp" || t === "remote") return "http";
  if (viaHttpUrl) return "http";
  return /\/sse\/?$/.test(new URL(url, "http://x").pathname) ? "sse" : "http";
}

function serversFromMap(options: { map: unknown; dialect: TMcpConfigSource["dialect"]; file: string }): TMcpServer[] {
  const { map, dialect, file } = options;
  if (!isRecord(map)) return [];
  const out: TMcpServer[] = [];
  for (const [name, entry] of Object.entries(map)) {
    if (!isRecord(entry) || name.length === 0) continue;
    if (dialect === "opencode") {
      const command = stringArray(entry.command);
      if (entry.type === "local" && command && command.length > 0) {
        out.push({ name, transport: "stdio", command: command[0]!, args: command.slice(1), source: file });
      } else if (typeof entry.url === "string") {
        out.push({ name, transport: "http", url: redactUrl(entry.url), source: file });
      }
      continue;
    }
    if (typeof entry.command === "string" && entry.command.length > 0) {
      out.push({ name, transport: "stdio", command: entry.command, args: stringArray(entry.args) ?? [], source: file });
      continue;
    }
    const httpUrl = typeof entry.httpUrl === "string" ? entry.httpUrl : undefined;
    const url = httpUrl ?? (typeof entry.url === "string" ? entry.url : typeof entry.serverUrl === "string" ? entry.serverUrl : undefined);
    if (!url) continue;
    const transport = dialect === "codex" ? "http" : transportFor(entry.type ?? entry.transport, url, httpUrl !== undefined);
    out.push({ name, transport, url: redactUrl(url), source: file });
  }
  return out;
}
