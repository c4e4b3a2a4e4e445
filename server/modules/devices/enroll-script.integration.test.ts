/**
 * The one-line installer for real: `curl <console>/enroll.sh | sh -s -- <token> --no-service` run by /bin/sh in
 * a temporary HOME where the real Claude Code and Codex CLIs are installed (npm global prefix on PATH). The
 * script downloads and verifies the bundled enroller, which enrolls and checks in; the device then shows up in
 * the REST API with both agents, their versions and file hashes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { installRealAgent } from "@/test/support/real-agents";
import { createTestTenant } from "@/test/support/tenants";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { seedAgentCatalog } from "@/server/modules/catalog/seed-agent-catalog";
import { serveAppRoutes } from "./test-support/serve-app-routes";

const execFileAsync = promisify(execFile);
/** Runs a command with exactly the given environment (nothing inherited), as a fresh login would. */
function run(file: string, args: string[], options: { env: Record<string, string>; timeout?: number }) {
  return execFileAsync(file, args, { env: options.env as NodeJS.ProcessEnv, timeout: options.timeout ?? 60_000, encoding: "utf8" });
}
let server: Awaited<ReturnType<typeof serveAppRoutes>>;
let home: string;

beforeAll(async () => {
  await seedAgentCatalog();
  server = await serveAppRoutes();
  home = mkdtempSync(path.join(os.tmpdir(), "marshal-enroll-home-"));
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function sha256File(file: string) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

describe("enroll.sh", () => {
  it("serves the enroller with its sha256 in a header and at client.sha256", async () => {
    const res = await fetch(`${server.url}/api/device/v1/client`);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const sha = createHash("sha256").update(body).digest("hex");
    expect(res.headers.get("x-marshal-sha256")).toBe(sha);
    expect(await (await fetch(`${server.url}/api/device/v1/client.sha256`)).text()).toBe(`${sha}  marshal-enroller.mjs\n`);
    const script = await (await fetch(`${server.url}/enroll.sh`)).text();
    expect(script.startsWith("#!/bin/sh")).toBe(true);
    expect(script).toContain(`EXPECTED_SHA256='${sha}'`);
    await run("sh", ["-n", "-c", script], { env: { PATH: "/usr/bin:/bin" } });
  });

  it("enrolls a machine with real Claude Code and Codex installed; the API shows both agents with versions and hashes", async () => {
    const claude = installRealAgent("claude");
    const codex = installRealAgent("codex");
    const { scope } = await createTestTenant("Script");
    const { token } = await createEnrollmentToken({ scope, publicUrl: server.url, input: { name: "script test", maxUses: 5, expiresInHours: 1, ring: "dev" } });
    const { key } = await createApiKey({ scope, name: "reader", keyScope: "read" });

    const env = {
      PATH: `${path.join(claude.prefix, "bin")}:${path.join(codex.prefix, "bin")}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home,
      MARSHAL_HOME: path.join(home, ".marshal"),
      // Tests may run as root; keep the install in the temporary home instead of /usr/local/lib/marshal.
      MARSHAL_INSTALL_DIR: path.join(home, ".marshal", "bin"),
      MARSHAL_BIN_DIR: path.join(home, ".local", "bin"),
    };
    const { stdout } = await run("sh", ["-c", `curl -fsSL ${server.url}/enroll.sh | sh -s -- ${token} --no-service --server ${server.url}`], { env, timeout: 120_000 });
    expect(stdout).toMatch(/verified sha256 [0-9a-f]{64}/);
    expect(stdout).toMatch(/enrolled: device \S+ in tenant/);
    expect(stdout).toMatch(/not installing a service \(--no-service\)/);
    const installed = path.join(home, ".marshal", "bin", "marshal-enroller.mjs");
    expect(statSync(installed).mode & 0o111).not.toBe(0);
    // The `marshal-enroller` command agents' settings call (e.g. Claude Code's apiKeyHelper) works.
    const launcher = path.join(home, ".local", "bin", "marshal-enroller");
    const status = await run(launcher, ["status", "--json"], { env, timeout: 30_000 });
    expect(JSON.parse(status.stdout)).toMatchObject({ enrolled: true });

    const list = await fetch(`${server.url}/api/v1/devices`, { headers: { authorization: `Bearer ${key}` } });
    expect(list.status).toBe(200);
    const devices = (await list.json()) as { items: { id: string; ring: string; agentCount: number }[]; total: number };
    expect(devices.total).toBe(1);
    expect(devices.items[0]!.ring).toBe("dev");

    const detail = (await (await fetch(`${server.url}/api/v1/devices/${devices.items[0]!.id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      installations: { productSlug: string; version: string; sha256: string; entryFile: string }[];
    };
    const bySlug = new Map(detail.installations.map((i) => [i.productSlug, i]));
    const cc = bySlug.get("claude-code");
    const cx = bySlug.get("codex-cli");
    expect(cc?.version).toBe(claude.version);
    expect(cx?.version).toBe(codex.version);
    // The hash is the sha256 of the entry file the enroller found, which is the real file in the npm prefix.
    for (const inst of [cc!, cx!]) {
      expect(inst.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(inst.entryFile)).toBe(true);
      expect(inst.sha256).toBe(sha256File(realpathSync(inst.entryFile)));
    }
  }, 300_000);

  it("refuses to run without a token, and with a bad token leaves nothing enrolled", async () => {
    const script = await (await fetch(`${server.url}/enroll.sh`)).text();
    const noToken = await run("sh", ["-c", script], { env: { PATH: process.env.PATH!, HOME: home } }).catch((e: { code: number; stderr: string }) => e);
    expect((noToken as { code: number }).code).not.toBe(0);
    expect((noToken as { stderr: string }).stderr).toMatch(/enrollment token is required/);

    const otherHome = mkdtempSync(path.join(os.tmpdir(), "marshal-enroll-bad-"));
    const bad = await run("sh", ["-c", `curl -fsSL ${server.url}/enroll.sh | sh -s -- met_wrong --no-service --server ${server.url}`], {
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: otherHome, MARSHAL_HOME: path.join(otherHome, ".marshal"), MARSHAL_INSTALL_DIR: path.join(otherHome, "bin") },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).not.toBe(0);
    expect((bad as { stderr: string }).stderr).toMatch(/unknown enrollment token/);
    rmSync(otherHome, { recursive: true, force: true });
  }, 120_000);

  it("explains that Node.js 20 is needed when node is missing", async () => {
    const script = await (await fetch(`${server.url}/enroll.sh`)).text();
    const emptyBin = mkdtempSync(path.join(os.tmpdir(), "marshal-no-node-"));
    const res = await run("/bin/sh", ["-c", script, "sh", "met_x", "--no-service"], { env: { PATH: emptyBin, HOME: home } }).catch((e: { code: number; stderr: string }) => e);
    rmSync(emptyBin, { recursive: true, force: true });
    expect((res as { code: number }).code).toBe(1);
    expect((res as { stderr: string }).stderr).toMatch(/Node\.js 20 or newer is required and was not found/);
  });
});
