import { describe, expect, it } from "vitest";
import type { TInstallation } from "@/server/contracts/inventory";
import { diffInstallations, findDuplicateInstallations, type TStoredInstallation } from "./diff-installations";
import { hashInventory } from "./hash-inventory";
import { readCheckinInterval } from "./read-checkin-interval";

const inst = (o: Partial<TInstallation> = {}): TInstallation => ({
  productSlug: "claude-code", displayName: "Claude Code", version: "1.0.0", installPath: "/opt/claude", entryFile: "/opt/claude/cli.js", sha256: "a".repeat(64),
  installMethod: "npm-global", running: false, pids: [], mcpServers: [], configPaths: ["/home/a/.claude"], ...o,
});
const stored = (id: string, o: Partial<TInstallation> = {}): TStoredInstallation => ({ id, ...inst(o) });

describe("diffInstallations", () => {
  it("sorts what the device reported into added, changed, unchanged and removed", () => {
    const d = diffInstallations({
      stored: [stored("1"), stored("2", { productSlug: "codex-cli", installPath: "/opt/codex" }), stored("3", { productSlug: "aider", installPath: "/usr/bin/aider" })],
      reported: [inst(), inst({ productSlug: "codex-cli", installPath: "/opt/codex", version: "2.0.0" }), inst({ productSlug: "gemini-cli", installPath: "/opt/gemini" })],
    });
    expect(d.unchanged).toEqual(["1"]);
    expect(d.changed.map((c) => [c.id, c.after.version])).toEqual([["2", "2.0.0"]]);
    expect(d.added.map((a) => a.productSlug)).toEqual(["gemini-cli"]);
    expect(d.removed.map((r) => r.id)).toEqual(["3"]);
  });

  it("sees a change in running state, pids, hash or MCP servers", () => {
    for (const change of [{ running: true, pids: [12] }, { sha256: "b".repeat(64) }, { mcpServers: [{ name: "gh", transport: "http" as const, url: "https://x", source: "/s" }] }, { configPaths: [] }]) {
      expect(diffInstallations({ stored: [stored("1")], reported: [inst(change)] }).changed).toHaveLength(1);
    }
  });

  it("finds the same installation reported twice", () => {
    expect(findDuplicateInstallations({ reported: [inst(), inst({ version: "2" }), inst({ installPath: "/other" })] })).toEqual(["claude-code at /opt/claude"]);
  });
});

describe("hashInventory", () => {
  it("ignores scan time, process count and order, and changes with any installation field", () => {
    const a = hashInventory({ inventory: { scannedAt: "2026-01-01T00:00:00Z", processesScanned: 3, installations: [inst(), inst({ productSlug: "codex-cli", installPath: "/c" })] } });
    const b = hashInventory({ inventory: { scannedAt: "2026-02-01T00:00:00Z", processesScanned: 9, installations: [inst({ productSlug: "codex-cli", installPath: "/c" }), inst()] } });
    const c = hashInventory({ inventory: { scannedAt: "2026-02-01T00:00:00Z", processesScanned: 9, installations: [inst({ productSlug: "codex-cli", installPath: "/c" }), inst({ running: true })] } });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe("readCheckinInterval", () => {
  it("uses the tenant setting when it is a sane number of seconds, else 60", () => {
    expect(readCheckinInterval({ settings: { checkinIntervalSec: 300 } })).toBe(300);
    for (const settings of [{}, null, { checkinIntervalSec: 1 }, { checkinIntervalSec: "300" }, { checkinIntervalSec: 10.5 }, { checkinIntervalSec: 10 ** 9 }]) {
      expect(readCheckinInterval({ settings })).toBe(60);
    }
  });
});
