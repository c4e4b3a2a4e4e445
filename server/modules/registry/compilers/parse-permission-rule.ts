/**
 * Parses a permission rule in Claude Code's syntax: `Tool`, `Tool(specifier)` or `mcp__server[__tool]`.
 *
 * The accepted tool names and the "no `)` inside the specifier" restriction follow the
 * `permissionRule` definition of the published Claude Code settings schema
 * (https://json.schemastore.org/claude-code-settings.json, copy in ../compilers/__schemas__),
 * so every rule that passes here also passes the agent's own schema.
 */
export const CLAUDE_CODE_TOOLS = [
  "Agent", "Bash", "Cd", "Edit", "ExitPlanMode", "Glob", "Grep", "KillShell", "LSP", "Monitor", "MultiEdit",
  "NotebookEdit", "PowerShell", "Read", "Skill", "TaskCreate", "TaskGet", "TaskList", "TaskOutput", "TaskStop",
  "TaskUpdate", "TodoWrite", "ToolSearch", "WebFetch", "WebSearch", "Write",
] as const;

export type TParsedPermissionRule =
  | { ok: true; tool: string; specifier?: string; mcp: boolean }
  | { ok: false; message: string };

const TOOLS = new Set<string>(CLAUDE_CODE_TOOLS);
const RULE = /^([A-Za-z]+)(?:\((.*)\))?$/s;
const MCP_RULE = /^mcp__[A-Za-z0-9_-]+(?:__[A-Za-z0-9_*-]+)?$/;
const DOMAIN = /^(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function parsePermissionRule({ rule }: { rule: string }): TParsedPermissionRule {
  if (rule.trim() !== rule || rule === "") {
    return { ok: false, message: `"${rule}" has leading or trailing spaces or is empty` };
  }
  if (rule.startsWith("mcp__")) {
    return MCP_RULE.test(rule)
      ? { ok: true, tool: rule, mcp: true }
      : { ok: false, message: `"${rule}" is not a valid MCP rule (expected mcp__<server> or mcp__<server>__<tool>)` };
  }
  const match = RULE.exec(rule);
  if (!match) {
    return { ok: false, message: `"${rule}" is not a permission rule (expected Tool or Tool(specifier), e.g. Bash(npm run test:*))` };
  }
  const tool = match[1]!;
  const specifier = match[2];
  if (!TOOLS.has(tool)) {
    return { ok: false, message: `"${rule}" names an unknown tool "${tool}" (known: ${CLAUDE_CODE_TOOLS.join(", ")}, or mcp__<server>)` };
  }
  if (specifier === undefined) return { ok: true, tool, mcp: false };
  if (specifier.trim() === "") return { ok: false, message: `"${rule}" has an empty specifier; write "${tool}" to match every ${tool} call` };
  if (specifier.includes(")") || specifier.includes("(")) {
    return { ok: false, message: `"${rule}" has parentheses inside its specifier, which Claude Code's rule syntax does not allow` };
  }
  if (tool === "WebFetch") {
    const domain = specifier.startsWith("domain:") ? specifier.slice("domain:".length) : undefined;
    if (domain === undefined || !DOMAIN.test(domain)) {
      return { ok: false, message: `"${rule}" must name a host as WebFetch(domain:example.com)` };
    }
  }
  return { ok: true, tool, specifier, mcp: false };
}
