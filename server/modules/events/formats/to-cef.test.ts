/**
 * CEF escaping checked against the examples of "Micro Focus Security ArcSight Common Event
 * Format, Version 25" (section "Character Encoding"), plus a round trip through an
 * independent reader written from the same rules.
 */
import { describe, expect, it } from "vitest";
import { everyCatalogEvent, makeEvent } from "./event-fixtures";
import { CEF_SEVERITY, escapeCefExtension, escapeCefHeader, toCef } from "./to-cef";

/** Reads a CEF line back: header split on unescaped `|`, extension split before each ` key=`. */
function parseCef(line: string): { header: string[]; extension: Record<string, string> } {
  const header: string[] = [];
  let current = "";
  let i = 0;
  for (; i < line.length && header.length < 7; i++) {
    const ch = line[i];
    if (ch === "\\" && (line[i + 1] === "\\" || line[i + 1] === "|")) {
      current += line[i + 1];
      i++;
    } else if (ch === "|") {
      header.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  const rest = line.slice(i);
  const extension: Record<string, string> = {};
  const keyStarts = [...rest.matchAll(/(?:^| )([A-Za-z0-9_]+)=/g)].filter((m) => m.index === 0 || rest[m.index - 1] !== "\\" || rest[m.index] === " ");
  keyStarts.forEach((match, n) => {
    const start = match.index + match[0].length;
    const end = n + 1 < keyStarts.length ? keyStarts[n + 1].index : rest.length;
    const raw = rest.slice(start, end);
    extension[match[1]] = raw.replace(/\\(\\|=|n|r)/g, (_m, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c));
  });
  return { header, extension };
}

describe("CEF escaping (spec v25 examples)", () => {
  it("escapes a pipe in the header", () => {
    expect(escapeCefHeader("detected a | in message")).toBe("detected a \\| in message");
  });
  it("escapes a backslash in the header", () => {
    expect(escapeCefHeader("detected a \\ in packet")).toBe("detected a \\\\ in packet");
  });
  it("escapes an equal sign in the extension", () => {
    expect(`act=${escapeCefExtension("blocked a =")}`).toBe("act=blocked a \\=");
  });
  it("escapes a backslash in the extension", () => {
    expect(`act=${escapeCefExtension("blocked a \\")}`).toBe("act=blocked a \\\\");
  });
  it("leaves a pipe in the extension alone", () => {
    expect(`act=${escapeCefExtension("blocked a |")}`).toBe("act=blocked a |");
  });
  it("encodes newlines in multi-line extension values", () => {
    expect(`msg=${escapeCefExtension("Detected a threat.\nNo action needed.")}`).toBe("msg=Detected a threat.\\nNo action needed.");
    expect(escapeCefExtension("a\r\nb\rc")).toBe("a\\nb\\rc");
  });
});

describe("toCef", () => {
  it("writes the header and standard keys", () => {
    const line = toCef({ event: makeEvent({ outcome: "denied", severity: "high" }), productVersion: "1.4.0" });
    expect(line.startsWith("CEF:0|Marshal|Marshal|1.4.0|agent.tool_call|Tool call|8|rt=1772366340250 ")).toBe(true);
    const { header, extension } = parseCef(line);
    expect(header).toEqual(["CEF:0", "Marshal", "Marshal", "1.4.0", "agent.tool_call", "Tool call", "8"]);
    expect(extension).toMatchObject({
      rt: "1772366340250",
      act: "Bash",
      outcome: "denied",
      suser: "alice@example.com",
      suid: "p_alice",
      dhost: "alice-mbp.corp.example.com",
      cs1Label: "agentIdentityId",
      cs1: "aid_7",
      cs2: "claude-code/2.1.197",
      cs3: "sess_9",
      cs4: "/repos/payments",
      cs5: "t_acme",
      cfp1: "0.0123",
      cn1: "1200",
    });
    expect(JSON.parse(extension.cs6)).toEqual({ command: "npm test | tee out.log", exit_code: 0 });
  });

  it("round-trips hostile values through an independent reader", () => {
    const hostile = "a=b c\\d |e\nf\r\ng k=v \\=";
    const line = toCef({ event: makeEvent({ intent: hostile, target: hostile, params: { q: hostile } }) });
    expect(line).not.toMatch(/[\r\n]/);
    const { extension } = parseCef(line);
    expect(extension.act).toBe(hostile.replace(/\r\n/g, "\n"));
    expect(extension.cs4).toBe(hostile.replace(/\r\n/g, "\n"));
    expect(JSON.parse(extension.cs6)).toEqual({ q: hostile });
  });

  it("uses the destination user for directory changes and severities 0..10", () => {
    const { extension, header } = parseCef(toCef({ event: makeEvent({ type: "scim.user_deactivated", severity: "medium", outcome: "success" }) }));
    expect(extension.duser).toBe("alice@example.com");
    expect(extension.suser).toBeUndefined();
    expect(header[6]).toBe(String(CEF_SEVERITY.medium));
    for (const event of everyCatalogEvent()) {
      const severity = Number(parseCef(toCef({ event })).header[6]);
      expect(severity).toBeGreaterThanOrEqual(0);
      expect(severity).toBeLessThanOrEqual(10);
    }
  });
});
