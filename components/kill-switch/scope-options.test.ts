import { describe, expect, it } from "vitest";
import { deviceOption, filterProducts, identityOption, personOption, productOption } from "./scope-options";

const names = new Map([["claude-code", "Claude Code"]]);

describe("scope picker labels", () => {
  it("names an identity by product, host and person, and submits its id", () => {
    const o = identityOption({ row: { id: "idn_1", productSlug: "claude-code", hostname: "ada-mbp", personName: "Ada Lovelace", status: "active", policyClass: "standard" }, names });
    expect(o).toEqual({ id: "idn_1", label: "Claude Code on ada-mbp for Ada Lovelace", detail: "active · standard" });
  });

  it("falls back to the product slug and leaves out a missing person", () => {
    expect(identityOption({ row: { id: "idn_2", productSlug: "aider", hostname: "ci-7", personName: null, status: "active" }, names }).label).toBe("aider on ci-7");
  });

  it("names a person with their email, or the email alone", () => {
    expect(personOption({ row: { id: "p1", userName: "ada@example.com", name: "Ada Lovelace", active: true, devices: 1, agentsActive: 2 } })).toEqual({ id: "p1", label: "Ada Lovelace (ada@example.com)", detail: "1 device · 2 active agents" });
    expect(personOption({ row: { id: "p2", userName: "bob@example.com", name: null, active: false } })).toEqual({ id: "p2", label: "bob@example.com", detail: "inactive" });
  });

  it("names a device by hostname, OS and ring, with its owner", () => {
    expect(deviceOption({ row: { id: "d1", hostname: "ada-mbp", os: "darwin", ring: "dev", username: "ada", owner: { userName: "ada@example.com", displayName: "Ada Lovelace" }, agentCount: 3 } })).toEqual({ id: "d1", label: "ada-mbp (darwin, dev)", detail: "Ada Lovelace · 3 agents" });
    expect(deviceOption({ row: { id: "d2", hostname: "ci-7", os: "linux", ring: "prod", username: "runner", owner: null } }).detail).toBe("user runner");
  });

  it("submits a product's slug under its display name", () => {
    expect(productOption({ row: { productSlug: "claude-code", displayName: "Claude Code", vendor: "Anthropic", devices: 1 } })).toEqual({ id: "claude-code", label: "Claude Code", detail: "claude-code · Anthropic · on 1 device" });
  });

  it("filters products by name, slug or vendor, case-insensitively", () => {
    const rows = [
      { productSlug: "claude-code", displayName: "Claude Code", vendor: "Anthropic" },
      { productSlug: "codex-cli", displayName: "Codex CLI", vendor: "OpenAI" },
      { productSlug: "gemini-cli", displayName: "Gemini CLI", vendor: "Google" },
    ];
    expect(filterProducts({ rows, search: "CLAUDE" }).map((r) => r.productSlug)).toEqual(["claude-code"]);
    expect(filterProducts({ rows, search: "openai" }).map((r) => r.productSlug)).toEqual(["codex-cli"]);
    expect(filterProducts({ rows, search: "-cli" }).map((r) => r.productSlug)).toEqual(["codex-cli", "gemini-cli"]);
    expect(filterProducts({ rows, search: "  " })).toHaveLength(3);
    expect(filterProducts({ rows, search: "cursor" })).toEqual([]);
  });
});
