/** The revoke handler stops a really running Claude Code and acknowledges with proof. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import { handleRevoke, type TCommandEnv } from "@/agent-enroller/src/loop/command-handlers";

describe("revoke command", () => {
  const claude = installRealAgent("claude");
  const home = mkdtempSync(path.join(os.tmpdir(), "marshal-revoke-"));
  const proc = spawn(claude.binPath, ["mcp", "serve"], { env: { ...process.env, HOME: home }, stdio: ["pipe", "ignore", "ignore"] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => proc.on("exit", (code, signal) => r({ code, signal })));
  afterAll(() => proc.kill("SIGKILL"));

  const env = {
    scan: { ctx: createScanContext({ env: { HOME: home, PATH: `${path.join(claude.prefix, "bin")}:/usr/bin:/bin` } }) },
  } as unknown as TCommandEnv;

  it("terminates the agent's processes and proves none are left", async () => {
    const outcome = await handleRevoke({ id: "r1", type: "revoke", payload: { productSlug: "claude-code", reason: "left company" }, createdAt: new Date().toISOString() }, env);
    expect(outcome, JSON.stringify(outcome.detail)).toMatchObject({ status: "succeeded" });
    expect(outcome.detail).toMatchObject({ productSlug: "claude-code", runningAfter: [] });
    const detail = outcome.detail as { runningBefore: number[]; terminated: number[] };
    expect(detail.runningBefore).toContain(proc.pid);
    expect(detail.terminated).toContain(proc.pid);
    // Ended by our SIGTERM (or by its own handler for it, exiting with a status), not still alive.
    const end = await exited;
    expect(end.signal === "SIGTERM" || end.signal === "SIGKILL" || end.code !== null).toBe(true);
  });

  it("refuses a payload that names nothing", async () => {
    const outcome = await handleRevoke({ id: "r2", type: "revoke", payload: {}, createdAt: new Date().toISOString() }, env);
    expect(outcome).toMatchObject({ status: "failed", detail: { reason: expect.stringContaining("productSlug") } });
  });
});
