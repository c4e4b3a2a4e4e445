/**
 * Starts the OTLP receiver for `run`: events go to the enroller's spool, identities come from the agent credential
 * store, the device is this one. A port that cannot be bound is logged and skipped (telemetry is an extra, the
 * check-in loop must run regardless).
 */
import os from "node:os";
import type { AgentCredentialStore } from "../identity/agent-credential-store";
import type { EventSpool } from "../spool/event-spool";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver";
import { createAgentIdentityResolver } from "./resolve-agent-identity";

export async function startAgentTelemetry(opts: {
  port: number;
  spool: EventSpool;
  deviceId: string;
  credentials?: AgentCredentialStore;
  log: (level: "info" | "warn" | "error", message: string) => void;
}): Promise<OtlpReceiver | null> {
  try {
    return await startOtlpReceiver({
      port: opts.port,
      appendEvents: (events) => opts.spool.append({ events }),
      enrichment: {
        deviceId: opts.deviceId,
        hostname: os.hostname(),
        ...(opts.credentials ? { resolveAgent: createAgentIdentityResolver({ credentials: opts.credentials }) } : {}),
      },
      log: opts.log,
    });
  } catch (err) {
    opts.log("warn", `OTLP receiver not started on 127.0.0.1:${opts.port}: ${(err as Error).message}`);
    return null;
  }
}
