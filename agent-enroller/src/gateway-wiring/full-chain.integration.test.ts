/**
 * Issue 8, Done when: the tenant's key goes from the console API (REST, encrypted at rest) over the device protocol
 * into the gateway's memory and on to the vendor, while the agent (real Claude Code, real Codex) only ever holds its
 * short-lived agent token; the usage lands attributed to person and business unit; revoking the identity makes the
 * very next call fail.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { callerAs } from "@/test/support/tenants";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import type { TDeviceCommand } from "@/server/contracts/device";
import type { StandInUpstream } from "../gateway/test-support/stand-in-upstream";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { CostsReport } from "@/components/costs/costs-report";
import { formatUsd } from "@/components/costs/format-usd";
import { getCostOverview } from "@/server/modules/finops/get-cost-overview";
import { buildChargebackReport } from "@/server/modules/finops/build-chargeback-report";
import { listBudgets } from "@/server/modules/budgets/list-budgets";
import { buildClaudeGatewaySettings, buildCodexGatewayConfig, CODEX_TOKEN_ENV } from "./agent-gateway-settings";
import { TENANT_KEYS, createStandInUpstream, createTenantWorld, enrollTestDevice, restCall, startDeviceGateway, type DeviceGateway } from "./test-support/chain-fixture";

let world: Awaited<ReturnType<typeof createTenantWorld>>;
let upstream: StandInUpstream;
let dg: DeviceGateway;
let scratch: string;
const tokens: Record<string, { token: string; identityId: string }> = {};

beforeAll(async () => {
  world = await createTenantWorld();
  // 1. the tenant's keys, through the console's REST API: stored encrypted, never returned
  for (const provider of ["anthropic", "openai"] as const) {
    const res = await restCall({ apiKey: world.apiKey, method: "POST", path: "/secrets", body: { name: `${provider} production`, provider, value: TENANT_KEYS[provider] } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).not.toContain(TENANT_KEYS[provider]);
  }
  upstream = await createStandInUpstream({ keys: TENANT_KEYS });
  // 2. the device enrolls; 3. its agents get identities and short-lived tokens over the device protocol
  const device = await enrollTestDevice({ scope: world.scope, ownerPersonId: world.ann.id, ring: "dev" });
  dg = await startDeviceGateway({ device, tenantSlug: world.tenant.slug, upstream });
  for (const productSlug of ["claude-code", "codex-cli"]) {
    const c = await dg.client.issueAgentCredential({ productSlug, lifetimeSec: 600 });
    tokens[productSlug] = { token: c.token, identityId: c.identityId };
  }
  scratch = mkdtempSync(path.join(tmpdir(), "marshal-chain-"));
});

afterAll(async () => {
  await dg?.close();
  await upstream?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function run(opts: { bin: string; args: string[]; env: Record<string, string>; cwd: string }): Promise<{ code: number | null; stdout: string; stderr: string; environ: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.bin, opts.args, { env: opts.env as NodeJS.ProcessEnv, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let environ: string | null = null;
    try {
      environ = readFileSync(`/proc/${child.pid}/environ`, "utf8");
    } catch {
      environ = null;
    }
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, environ });
    });
  });
}

const baseEnv = (home: string) => ({ PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: home, LANG: "C.UTF-8", TERM: "dumb" });

function expectAgentNeverHadTheKey(env: Record<string, string>, environ: string | null, files: string[]) {
  for (const key of Object.values(TENANT_KEYS)) {
    expect(JSON.stringify(env)).not.toContain(key);
    if (environ !== null) expect(environ).not.toContain(key);
    for (const f of files) expect(readFileSync(f, "utf8")).not.toContain(key);
  }
}

describe("full chain: console secret → device protocol → gateway → vendor", () => {
  it("real claude -p completes through the gateway (apiKeyHelper prints the agent token); the vendor sees the tenant's key", { timeout: 180_000 }, async () => {
    const claude = installRealAgent("claude");
    const home = path.join(scratch, "claude");
    mkdirSync(path.join(home, ".claude"), { recursive: true });
    const helper = path.join(home, "marshal-agent-token.sh");
    writeFileSync(helper, `#!/bin/sh\nprintf '%s' '${tokens["claude-code"]!.token}'\n`);
    chmodSync(helper, 0o700);
    const settingsFile = path.join(home, ".claude", "settings.json");
    writeFileSync(settingsFile, JSON.stringify(buildClaudeGatewaySettings({ gatewayUrl: dg.gateway.url, tokenCommand: helper }), null, 2));
    upstream.setReplyText("hello from the vendor stand-in");
    const before = upstream.requests.length;
    const env = { ...baseEnv(home), CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1" };
    const r = await run({ bin: claude.binPath, args: ["-p", "say hi", "--max-turns", "1", "--model", "claude-sonnet-4-5"], env, cwd: home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("hello from the vendor stand-in");
    const calls = upstream.requests.slice(before).filter((c) => c.provider === "anthropic" && c.method === "POST");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.realKeyPresented)).toBe(true);
    expect(calls.every((c) => !JSON.stringify(c.headers).includes(tokens["claude-code"]!.token))).toBe(true);
    expectAgentNeverHadTheKey(env, r.environ, [settingsFile, helper]);
    const ok = dg.events.filter((e) => e.outcome === "ok" && e.api === "anthropic.messages");
    expect(ok.at(-1)?.principal).toMatchObject({ identityId: tokens["claude-code"]!.identityId, personId: world.ann.id, businessUnit: world.businessUnit, project: world.project, environment: "dev" });
  });

  it("real codex exec completes through the gateway (model_providers.marshal); the vendor sees the tenant's key", { timeout: 180_000 }, async () => {
    const codex = installRealAgent("codex");
    const home = path.join(scratch, "codex");
    const codexHome = path.join(home, ".codex");
    const work = path.join(home, "work");
    mkdirSync(codexHome, { recursive: true });
    mkdirSync(work, { recursive: true });
    const configFile = path.join(codexHome, "config.toml");
    writeFileSync(configFile, buildCodexGatewayConfig({ gatewayUrl: dg.gateway.url, model: "gpt-5.1-codex" }));
    upstream.setReplyText("codex reply via marshal");
    const before = upstream.requests.length;
    const env = { ...baseEnv(home), CODEX_HOME: codexHome, [CODEX_TOKEN_ENV]: tokens["codex-cli"]!.token };
    const r = await run({ bin: codex.binPath, args: ["exec", "--skip-git-repo-check", "say hi"], env, cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("codex reply via marshal");
    const calls = upstream.requests.slice(before).filter((c) => c.provider === "openai");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.realKeyPresented && c.path === "/v1/responses")).toBe(true);
    expectAgentNeverHadTheKey(env, r.environ, [configFile]);
  });

  it("usage reaches the server priced and attributed; the Costs API shows spend by person and business unit", async () => {
    const sync = await dg.wiring.syncUsage();
    expect(sync.sent).toBeGreaterThanOrEqual(2);
    expect(dg.wiring.pendingUsage).toBe(0);
    const records = await world.scope.db.usageRecord.findMany({ where: { deviceId: dg.device.deviceId! } });
    expect(records.length).toBe(sync.sent);
    const claudeRecord = records.find((r) => r.identityId === tokens["claude-code"]!.identityId)!;
    expect(claudeRecord).toMatchObject({ personId: world.ann.id, businessUnit: world.businessUnit, project: world.project, environment: "dev", productSlug: "claude-code", priceKnown: true });
    expect(claudeRecord.costNano > 0n).toBe(true);
    // a re-sent batch is not counted twice
    const again = await dg.client.syncUsage({ records: [{ requestId: claudeRecord.requestId, at: claudeRecord.at.toISOString(), identityId: claudeRecord.identityId, provider: "anthropic", model: claudeRecord.model, api: claudeRecord.api, outcome: "ok", usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }, usageEstimated: false, latencyMs: 1 }], snapshot: null });
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });

    const overview = await callerAs(world.owner).finops.overview({ tenantSlug: world.tenant.slug, days: 7 });
    const total = records.reduce((s, r) => s + Number(r.costNano), 0) / 1e9;
    expect(overview.totalUsd).toBeCloseTo(total, 9);
    expect(overview.byPerson).toEqual([expect.objectContaining({ key: world.ann.id, label: "Ann Finance", requests: records.length })]);
    expect(overview.byBusinessUnit).toEqual([expect.objectContaining({ key: world.businessUnit, label: world.businessUnit })]);
    expect(overview.topAgents.map((a) => a.label)).toEqual(expect.arrayContaining([expect.stringContaining("claude-code on"), expect.stringContaining("codex-cli on")]));
    const chargeback = await callerAs(world.owner).finops.chargeback({ tenantSlug: world.tenant.slug });
    expect(chargeback.csv.split("\r\n")[1]).toContain(`${world.businessUnit},${world.project},Ann Finance`);

    // the Costs page, rendered on the server from the same module calls the page makes
    const now = new Date();
    const html = renderToStaticMarkup(
      createElement(CostsReport, {
        overview: await getCostOverview({ scope: world.scope, days: 30, anomalyMultiplier: 3, now }),
        chargeback: await buildChargebackReport({ scope: world.scope, from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) }),
        budgets: await listBudgets({ scope: world.scope }),
      }),
    );
    const section = (testId: string) => html.slice(html.indexOf(`data-testid="${testId}"`), html.indexOf("</table>", html.indexOf(`data-testid="${testId}"`)));
    expect(section("spend-by-person")).toContain("Ann Finance");
    expect(section("spend-by-business-unit")).toContain(world.businessUnit);
    expect(section("spend-by-person")).toContain(formatUsd(total));
  });

  it("revoking the identity makes its next call fail at once (pushed over the command stream), the other agent keeps working", async () => {
    const claudeToken = tokens["claude-code"]!.token;
    const call = (token: string) =>
      fetch(`${dg.gateway.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": token, "anthropic-version": "2023-06-01" },
        body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
      });
    expect((await call(claudeToken)).status).toBe(200);

    let revokeSeen!: () => void;
    const seen = new Promise<void>((resolve) => (revokeSeen = resolve));
    const stream = dg.device.openCommandStream({
      onCommand: (c: TDeviceCommand) => {
        if (dg.wiring.applyRevokeCommand(c) && c.type === "revoke") revokeSeen();
      },
    });
    try {
      await createRevocation({ scope: world.scope, target: { type: "identity", id: tokens["claude-code"]!.identityId }, reason: "over budget in test", trigger: "manual" });
      await seen;
      const refused = await call(claudeToken);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toMatch(/invalid, expired or revoked/);
      // the server refuses the key to that identity too, and the codex identity is untouched
      await expect(dg.client.fetchSecret({ identityId: tokens["claude-code"]!.identityId, provider: "anthropic" })).rejects.toMatchObject({ status: 403 });
      const codexCall = await fetch(`${dg.gateway.url}/openai/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokens["codex-cli"]!.token}` },
        body: JSON.stringify({ model: "gpt-4.1-mini", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
      });
      expect(codexCall.status).toBe(200);
    } finally {
      stream.close();
      await stream.closed;
    }
  });
});
