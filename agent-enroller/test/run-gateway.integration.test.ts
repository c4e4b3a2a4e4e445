/**
 * The joined-up enroller, as a device runs it: the bundled CLI (`marshal-enroller enroll`, then `run`) against the
 * real route handlers served on loopback, with the real Claude Code installed. `run` applies the tenant's policy
 * (managed settings under a test enforcement root, not /etc) that points Claude Code at the enroller's own gateway
 * (apiKeyHelper = `marshal-enroller agent-token --product claude-code`) and OTLP receiver; a real `claude -p` with
 * those settings completes through the gateway to the stand-in vendor API, which sees the tenant's key; then a
 * revocation reaches the running enroller and the gateway refuses the next call with the token it accepted before.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "@/app/api/agents/[tenantSlug]/jwks.json/route";
import { POST as enrollRoute } from "@/app/api/device/v1/enroll/route";
import { POST as checkinRoute } from "@/app/api/device/v1/checkin/route";
import { POST as eventsRoute } from "@/app/api/device/v1/events/route";
import { POST as credentialsRoute } from "@/app/api/device/v1/credentials/route";
import { POST as secretsRoute } from "@/app/api/device/v1/secrets/route";
import { POST as usageRoute } from "@/app/api/device/v1/usage/route";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import { createPolicyRevision } from "@/server/modules/registry/policy-revisions";
import { setRegistryEntry } from "@/server/modules/registry/registry-entries";
import { updateRegistrySettings } from "@/server/modules/registry/registry-settings";
import { addTestRoute, startRouteServer } from "@/server/realtime/test-support/route-server";
import { installRealAgent } from "@/test/support/real-agents";
import { buildEnroller } from "../build";
import { createStandInUpstream, type StandInUpstream } from "../src/gateway/test-support/stand-in-upstream";
import { TENANT_KEYS, createTenantWorld, restCall } from "../src/gateway-wiring/test-support/chain-fixture";

let world: Awaited<ReturnType<typeof createTenantWorld>>;
let server: Awaited<ReturnType<typeof startRouteServer>>;
let upstream: StandInUpstream;
let scratch: string;
let cli: string;
let enroller: ChildProcess | undefined;
let enrollerLog = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function runCommand(opts: { bin: string; args: string[]; env: Record<string, string>; cwd: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.bin, opts.args, { env: opts.env as NodeJS.ProcessEnv, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Waits for a condition the enroller brings about (polling, with a generous deadline that only bounds a hang). */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, deadlineMs = 120_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}; enroller log:\n${enrollerLog.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const device = (pattern: RegExp, handler: (req: Request, p: Record<string, string>) => Promise<Response>) => addTestRoute({ method: "POST", pattern, handler });
  device(/^\/api\/device\/v1\/enroll$/, (req) => enrollRoute(req));
  device(/^\/api\/device\/v1\/checkin$/, (req) => checkinRoute(req));
  device(/^\/api\/device\/v1\/events$/, (req) => eventsRoute(req));
  device(/^\/api\/device\/v1\/credentials$/, (req) => credentialsRoute(req));
  device(/^\/api\/device\/v1\/secrets$/, (req) => secretsRoute(req));
  device(/^\/api\/device\/v1\/usage$/, (req) => usageRoute(req));
  addTestRoute({ method: "GET", pattern: /^\/api\/agents\/(?<tenantSlug>[^/]+)\/jwks\.json$/, handler: (req, p) => jwksRoute(req, { params: Promise.resolve({ tenantSlug: p.tenantSlug! }) }) });
  server = await startRouteServer();
  world = await createTenantWorld();
  const res = await restCall({ apiKey: world.apiKey, method: "POST", path: "/secrets", body: { name: "anthropic production", provider: "anthropic", value: TENANT_KEYS.anthropic } });
  expect(res.status).toBe(200);
  upstream = await createStandInUpstream({ keys: TENANT_KEYS });
  scratch = mkdtempSync(path.join(tmpdir(), "marshal-run-gateway-"));
  cli = (await buildEnroller({ outfile: path.join(scratch, "dist", "marshal-enroller.mjs"), minify: false })).outfile;
}, 120_000);

afterAll(async () => {
  if (enroller && enroller.exitCode === null) {
    enroller.kill("SIGTERM");
    await new Promise((r) => enroller!.once("exit", r));
  }
  await upstream?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("marshal-enroller run: gateway, OTLP receiver and policy joined up", () => {
  it("points real Claude Code at its gateway through managed settings, completes a call, and refuses it after a revocation", { timeout: 420_000 }, async () => {
    const claude = installRealAgent("claude");
    const stateDir = path.join(scratch, "state");
    const enforcementRoot = path.join(scratch, "root");
    const home = path.join(scratch, "home");
    const bin = path.join(scratch, "bin");
    for (const d of [home, bin, enforcementRoot]) mkdirSync(d, { recursive: true });
    // what the enroll script installs: a `marshal-enroller` command on PATH (apiKeyHelper calls it)
    writeFileSync(path.join(bin, "marshal-enroller"), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    chmodSync(path.join(bin, "marshal-enroller"), 0o755);
    const [gatewayPort, otlpPort] = [await freePort(), await freePort()];
    const baseEnv = {
      PATH: `${bin}:${path.dirname(claude.binPath)}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
      HOME: home,
      LANG: "C.UTF-8",
      MARSHAL_HOME: stateDir,
    };

    // 1. enroll with the one-time token, through the bundled CLI (its first check-in reports the installed Claude Code)
    const enrollment = await createEnrollmentToken({ scope: world.scope, publicUrl: server.url, input: { name: "laptops", maxUses: 1, expiresInHours: 1, ring: "dev", ownerPersonId: world.ann.id } });
    const enrolled = await runCommand({ bin: process.execPath, args: [cli, "enroll", "--server", server.url, "--token", enrollment.token], env: baseEnv, cwd: home });
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const deviceId = JSON.parse(readFileSync(path.join(stateDir, "state.json"), "utf8")).deviceId as string;
    await waitFor("the device's Claude Code installation", async () =>
      (await world.scope.db.installation.findFirst({ where: { deviceId, productSlug: "claude-code" } })) ?? undefined,
    );

    // 2. the tenant sanctions Claude Code and routes agents through the gateway on this port
    await updateRegistrySettings({ scope: world.scope, patch: { agentGateway: { enabled: true, port: gatewayPort, otlpPort } } });
    await setRegistryEntry({ scope: world.scope, input: { productSlug: "claude-code", verdict: "sanctioned" } });
    await createPolicyRevision({ scope: world.scope, verdictClass: "sanctioned", policy: { permissions: { deny: ["Bash(curl:*)"] } }, note: "through the gateway" });

    // 3. the service loop: check-ins, command stream, gateway and OTLP receiver in one process
    const service = spawn(process.execPath, [cli, "run"], {
      env: {
        ...baseEnv,
        MARSHAL_GATEWAY_PORT: String(gatewayPort),
        MARSHAL_OTLP_PORT: String(otlpPort),
        MARSHAL_GATEWAY_UPSTREAM_ANTHROPIC: upstream.baseUrl("anthropic").toString().replace(/\/$/, ""),
        MARSHAL_ENFORCEMENT_ROOT: enforcementRoot,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    enroller = service;
    service.stdout.on("data", (c: Buffer) => (enrollerLog += c.toString()));
    service.stderr.on("data", (c: Buffer) => (enrollerLog += c.toString()));
    await waitFor("the gateway to listen", () => (enrollerLog.includes(`gateway listening on http://127.0.0.1:${gatewayPort}`) ? true : undefined));

    // 4. apply-policy wrote Claude Code's managed settings, pointing it at the gateway and the receiver
    const managedFile = path.join(enforcementRoot, "etc", "claude-code", "managed-settings.json");
    const managed = await waitFor("managed settings", () => (existsSync(managedFile) ? (JSON.parse(readFileSync(managedFile, "utf8")) as Record<string, any>) : undefined));
    expect(managed.apiKeyHelper).toBe("marshal-enroller agent-token --product claude-code");
    expect(managed.env).toMatchObject({
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${gatewayPort}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    });
    expect(managed.permissions.deny).toContain("Bash(curl:*)");

    // 5. a real claude -p with those settings completes through the gateway; the vendor sees the tenant's key only
    upstream.setReplyText("hello through the marshal gateway");
    const before = upstream.requests.length;
    const claudeEnv = { ...baseEnv, TERM: "dumb", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1" };
    const r = await runCommand({ bin: claude.binPath, args: ["-p", "say hi", "--max-turns", "1", "--model", "claude-sonnet-4-5", "--settings", managedFile], env: claudeEnv, cwd: home });
    expect(r.code, `${r.stderr}\n${enrollerLog.slice(-3000)}`).toBe(0);
    expect(r.stdout).toContain("hello through the marshal gateway");
    const calls = upstream.requests.slice(before).filter((c) => c.provider === "anthropic" && c.method === "POST");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.realKeyPresented)).toBe(true);
    expect(JSON.stringify(claudeEnv)).not.toContain(TENANT_KEYS.anthropic);
    expect(readFileSync(managedFile, "utf8")).not.toContain(TENANT_KEYS.anthropic);

    // the token Claude Code's helper prints is accepted by the running gateway until the kill switch
    const token = await runCommand({ bin: path.join(bin, "marshal-enroller"), args: ["agent-token", "--product", "claude-code"], env: baseEnv, cwd: home });
    expect(token.code, token.stderr).toBe(0);
    const call = () =>
      fetch(`http://127.0.0.1:${gatewayPort}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": token.stdout, "anthropic-version": "2023-06-01" },
        body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
      });
    expect((await call()).status).toBe(200);

    // 6. revoke Claude Code's identity on this device: the running enroller gets the command, and the gateway refuses
    const identity = await world.scope.db.agentIdentity.findFirstOrThrow({ where: { deviceId, productSlug: "claude-code", status: "active" } });
    const revocation = await createRevocation({ scope: world.scope, target: { type: "identity", id: identity.id }, reason: "integration test kill switch", trigger: "manual" });
    const revocationId = revocation.id;
    const target = await waitFor("the device's proof of stop", async () => {
      const t = await world.scope.db.revocationTarget.findFirst({ where: { revocationId, deviceId } });
      return t && (t.status === "stopped" || t.status === "failed") ? t : undefined;
    });
    expect(target.status, JSON.stringify(target.proof)).toBe("stopped");
    const upstreamBefore = upstream.requests.length;
    const refused = await call();
    expect(refused.status).toBe(401);
    expect(upstream.requests.length).toBe(upstreamBefore);
  });
});
