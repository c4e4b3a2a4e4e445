/**
 * The real Claude Code and Codex CLIs (installed from npm) pointed at the gateway with their own documented
 * settings, the gateway in turn pointed at the loopback stand-in upstream. The agent only ever holds its agent
 * token; the stand-in checks that the tenant's real key arrived.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { REAL_KEYS, alicePrincipal, startTestGateway, type TestGateway } from "./test-support/start-test-gateway";

let t: TestGateway;
let scratch: string;

beforeAll(async () => {
  t = await startTestGateway();
  scratch = mkdtempSync(path.join(tmpdir(), "marshal-gw-agents-"));
});
afterAll(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface TRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The environment the kernel reports for the running process (Linux /proc), or null if it ended too soon. */
  observedEnv: string | null;
}

function run({ bin, args, env, cwd }: { bin: string; args: string[]; env: Record<string, string>; cwd: string }): Promise<TRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: env as unknown as NodeJS.ProcessEnv, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let observedEnv: string | null = null;
    try {
      observedEnv = readFileSync(`/proc/${child.pid}/environ`, "utf8");
    } catch {
      observedEnv = null;
    }
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, observedEnv });
    });
  });
}

function baseEnv(home: string): Record<string, string> {
  return { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: home, LANG: "C.UTF-8", TERM: "dumb" };
}

function expectNoRealKey(env: Record<string, string | undefined>, observed: string | null): void {
  for (const key of Object.values(REAL_KEYS)) {
    expect(Object.values(env).some((v) => v?.includes(key))).toBe(false);
    if (observed !== null) expect(observed.includes(key)).toBe(false);
  }
}

describe("real Claude Code through the gateway", () => {
  it("claude -p completes with ANTHROPIC_BASE_URL=<gateway> and the agent token, the vendor gets the real key", async () => {
    const claude = installRealAgent("claude");
    const home = path.join(scratch, "claude-home");
    mkdirSync(home, { recursive: true });
    const token = await t.authority.issue({ principal: alicePrincipal });
    t.upstream.setReplyText("hi there from the stand-in");
    const before = t.upstream.requests.length;
    const env = {
      ...baseEnv(home),
      ANTHROPIC_BASE_URL: t.gateway.url,
      ANTHROPIC_AUTH_TOKEN: token,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
    };
    const result = await run({ bin: claude.binPath, args: ["-p", "say hi", "--max-turns", "1", "--model", "claude-sonnet-4-5"], env, cwd: home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("hi there from the stand-in");

    const calls = t.upstream.requests.slice(before).filter((r) => r.provider === "anthropic");
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.realKeyPresented).toBe(true);
      expect(JSON.stringify(c.headers)).not.toContain(token);
    }
    expectNoRealKey(env, result.observedEnv);
    const events = t.events.filter((e) => e.api === "anthropic.messages" && e.outcome === "ok");
    expect(events.at(-1)).toMatchObject({ model: "claude-sonnet-4-5", priceKnown: true });
    expect(events.at(-1)!.costUsd).toBeGreaterThan(0);
  });

  it("claude -p completes with an apiKeyHelper script that prints the agent token", async () => {
    const claude = installRealAgent("claude");
    const home = path.join(scratch, "claude-helper-home");
    mkdirSync(path.join(home, ".claude"), { recursive: true });
    const token = await t.authority.issue({ principal: alicePrincipal });
    const helper = path.join(home, "marshal-agent-token.sh");
    writeFileSync(helper, `#!/bin/sh\nprintf '%s' '${token}'\n`);
    chmodSync(helper, 0o700);
    writeFileSync(path.join(home, ".claude", "settings.json"), JSON.stringify({ apiKeyHelper: helper }));
    t.upstream.setReplyText("hello via apiKeyHelper");
    const before = t.upstream.requests.length;
    const env = { ...baseEnv(home), ANTHROPIC_BASE_URL: t.gateway.url, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1" };
    const result = await run({ bin: claude.binPath, args: ["-p", "say hi", "--max-turns", "1", "--model", "claude-haiku-4-5"], env, cwd: home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("hello via apiKeyHelper");
    const calls = t.upstream.requests.slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.realKeyPresented)).toBe(true);
    expectNoRealKey(env, result.observedEnv);
  });
});

describe("real Codex through the gateway", () => {
  it("codex exec completes with a model_providers entry pointing at the gateway, the vendor gets the real key", async () => {
    const codex = installRealAgent("codex");
    const home = path.join(scratch, "codex-home");
    const codexHome = path.join(home, ".codex");
    const work = path.join(home, "work");
    mkdirSync(codexHome, { recursive: true });
    mkdirSync(work, { recursive: true });
    // Codex config reference: model_providers.<id>.base_url (Codex appends /responses), env_key names the variable
    // holding the API key, wire_api = "responses".
    writeFileSync(
      path.join(codexHome, "config.toml"),
      [
        'model = "gpt-5.1-codex"',
        'model_provider = "marshal"',
        "",
        "[model_providers.marshal]",
        'name = "Marshal gateway"',
        `base_url = "${t.gateway.url}/openai/v1"`,
        'env_key = "MARSHAL_AGENT_TOKEN"',
        'wire_api = "responses"',
        "",
      ].join("\n"),
    );
    const token = await t.authority.issue({ principal: { ...alicePrincipal, identityId: "agent-codex-alice-laptop" } });
    t.upstream.setReplyText("hi from codex via marshal");
    const before = t.upstream.requests.length;
    const env = { ...baseEnv(home), CODEX_HOME: codexHome, MARSHAL_AGENT_TOKEN: token };
    const result = await run({ bin: codex.binPath, args: ["exec", "--skip-git-repo-check", "say hi"], env, cwd: work });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("hi from codex via marshal");

    const calls = t.upstream.requests.slice(before).filter((r) => r.provider === "openai");
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.path).toBe("/v1/responses");
      expect(c.realKeyPresented).toBe(true);
      expect(JSON.stringify(c.headers)).not.toContain(token);
    }
    expectNoRealKey(env, result.observedEnv);
    const event = t.events.filter((e) => e.api === "openai.responses" && e.outcome === "ok").at(-1);
    expect(event).toMatchObject({ model: "gpt-5.1-codex", stream: true, priceKnown: true });
    expect(event!.principal?.identityId).toBe("agent-codex-alice-laptop");
  });
});
