/**
 * The real Claude Code CLI (npm @anthropic-ai/claude-code, via installRealAgent) with its documented telemetry
 * settings pointed at the receiver and ANTHROPIC_BASE_URL at the loopback stand-in Anthropic API: its own OTLP
 * exports (http/json, and http/protobuf through ./decode-otlp-protobuf.ts) arrive as spooled events with the
 * identity, person and device added. No network beyond loopback.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { parseDeviceEventBatch } from "../../../server/contracts/events";
import { createStandInUpstream, type StandInUpstream } from "../gateway/test-support/stand-in-upstream";
import { EventSpool } from "../spool/event-spool";
import { buildClaudeTelemetryEnv } from "./agent-telemetry-settings";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver";

const KEYS = { anthropic: "sk-ant-standin-key-0000000000000000", openai: "sk-standin-openai-00000000000000000000", gemini: "standin-gemini-key" };

let scratch: string;
let upstream: StandInUpstream;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "marshal-otel-claude-"));
  upstream = await createStandInUpstream({ keys: KEYS });
});
afterAll(async () => {
  await upstream.close();
  rmSync(scratch, { recursive: true, force: true });
});

function runClaude(opts: { bin: string; home: string; env: Record<string, string> }): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.bin, ["-p", "say hi", "--max-turns", "1", "--model", "claude-sonnet-4-5"], {
      cwd: opts.home,
      env: { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: opts.home, LANG: "C.UTF-8", TERM: "dumb", ...opts.env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function claudeTelemetryRun(protocol: "http/json" | "http/protobuf") {
  const claude = installRealAgent("claude");
  const home = path.join(scratch, protocol.replace("/", "-"));
  mkdirSync(home, { recursive: true });
  const spool = new EventSpool({ file: path.join(home, "events.ndjson") });
  const receiver: OtlpReceiver = await startOtlpReceiver({
    appendEvents: (events) => spool.append({ events }),
    enrichment: {
      deviceId: "dev-real-1",
      hostname: "build-box",
      resolveAgent: async ({ productSlug }) => (productSlug === "claude-code" ? { identityId: "ident-claude-real", personId: "person-alice" } : undefined),
    },
  });
  try {
    const result = await runClaude({
      bin: claude.binPath,
      home,
      env: {
        ...buildClaudeTelemetryEnv({ receiverUrl: receiver.url, metricsIntervalMs: 1000, logsIntervalMs: 500 }),
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        ANTHROPIC_BASE_URL: upstream.baseUrl("anthropic").toString().replace(/\/$/, ""),
        ANTHROPIC_API_KEY: KEYS.anthropic,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        DISABLE_AUTOUPDATER: "1",
      },
    });
    expect(result.code, result.stderr).toBe(0);
    return { events: await spool.peekBatch(), stats: receiver.stats(), version: claude.version };
  } finally {
    await receiver.close();
  }
}

describe("real Claude Code telemetry through the receiver", () => {
  for (const protocol of ["http/json", "http/protobuf"] as const) {
    it(`claude -p exports its model request over ${protocol}; it lands in the spool with identity, person and device`, async () => {
      const { events, stats, version } = await claudeTelemetryRun(protocol);
      expect(protocol === "http/json" ? stats.jsonExports : stats.protobufExports).toBeGreaterThan(0);
      expect(protocol === "http/json" ? stats.protobufExports : stats.jsonExports).toBe(0);
      const request = events.find((e) => e.type === "agent.model_request");
      expect(request, JSON.stringify(events.map((e) => e.type))).toBeDefined();
      expect(request).toMatchObject({
        outcome: "success",
        target: "claude-sonnet-4-5",
        actor: { identityId: "ident-claude-real", productSlug: "claude-code", productVersion: version },
        onBehalfOf: { personId: "person-alice" },
        device: { id: "dev-real-1", hostname: "build-box" },
        tokens: { in: 12, out: 5 },
      });
      expect((request as unknown as { correlation: { sessionId?: string } }).correlation.sessionId).toMatch(/.+/);
      expect(events.some((e) => e.type === "agent.user_prompt")).toBe(true);
      expect(parseDeviceEventBatch({ events }).rejected).toEqual([]);
    }, 180_000);
  }
});
