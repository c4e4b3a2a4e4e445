/**
 * `run`: the device loop. Check in at the server's interval (jittered exponential backoff, capped at 5 min,
 * while the server is unreachable), hold the command stream open (reconnecting), dispatch commands once
 * each, flush the event spool every turn. Stops when the signal aborts or the server unenrolls the device.
 * Alongside it, in the same process and sharing ONE agent credential store: the device gateway on loopback
 * (`gatewayPort`; agents' model calls, refused once their identity or product is locked), the OTLP receiver
 * (`otlpPort`; agents' own telemetry, enriched with the identity the store holds) and the revoke/restore
 * handlers (lock and drop tokens in the store, drop the gateway's provider keys; restore unlocks).
 */
import type { TDeviceCommand } from "../../../server/contracts/device";
import { checkinOnce } from "../commands/checkin-once";
import { loadEnrollmentContext } from "../commands/enrollment-context";
import type { TScanOptions } from "../discovery/scan-device";
import { createDeviceEvent } from "../spool/event-spool";
import { clearEnrollment } from "../state/device-state";
import { computeBackoffDelay, sleep } from "./backoff";
import { createApplyPolicyHandler } from "../enforcement/handle-apply-policy";
import { createCommandHandlers, dispatchCommand, type TCommandHandlers } from "./command-handlers";
import { AgentCredentialStore } from "../identity/agent-credential-store";
import { startAgentTelemetry } from "../telemetry/start-agent-telemetry";
import { startDeviceGateway, type DeviceGateway } from "../gateway-wiring/start-device-gateway";

export type TRunLog = (level: "info" | "warn" | "error", message: string) => void;

export async function runEnroller(options: {
  stateDir: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  handlers?: TCommandHandlers;
  scan?: TScanOptions;
  log?: TRunLog;
  backoff?: { baseMs?: number; capMs?: number };
  /** Prefix for the system paths policy files are written to (tests only). */
  enforcementRoot?: string;
  /** Run agent probes during attestation (default true). */
  runProbes?: boolean;
  /** Hold the SSE command stream (default true). */
  commandStream?: boolean;
  /** Loopback port of the OTLP receiver for agents' own telemetry (0: any free port; omitted: no receiver). */
  otlpPort?: number;
  /** Loopback port of the device gateway (0: any free port; omitted: no gateway). */
  gatewayPort?: number;
  /** Environment for the gateway's upstream overrides (MARSHAL_GATEWAY_UPSTREAM_*); default process.env. */
  env?: Record<string, string | undefined>;
  /** Gateway usage sync interval (default 30 s). */
  gatewaySyncIntervalMs?: number;
  /** Called with the listening URLs once the gateway and the receiver are up. */
  onListening?: (p: { gatewayUrl: string | null; otlpUrl: string | null }) => void;
}): Promise<{ reason: "stopped" | "unenrolled"; checkins: number }> {
  const log: TRunLog = options.log ?? ((level, m) => console.error(`[marshal-enroller] ${level}: ${m}`));
  const ctx = await loadEnrollmentContext(options);
  const handlers = options.handlers ?? createCommandHandlers();
  if (!handlers.has("apply-policy")) handlers.set("apply-policy", createApplyPolicyHandler({ stateDir: options.stateDir, enforcementRoot: options.enforcementRoot }));
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  let wake = new AbortController();
  let unenrollRequested = false;
  const seen = new Set<string>();
  let checkins = 0;

  // Agent tokens live in this process only; a revoke drops and locks them (src/identity).
  const credentials =
    ctx.client.deviceId && ctx.client.privateKey
      ? new AgentCredentialStore({ serverUrl: ctx.client.serverUrl, deviceId: ctx.client.deviceId, privateKey: ctx.client.privateKey, fetch: options.fetch })
      : undefined;
  // The gateway answers agents on loopback; a port that cannot be bound is logged, the loop runs regardless.
  let gateway: DeviceGateway | null = null;
  if (options.gatewayPort !== undefined && ctx.client.privateKey) {
    try {
      gateway = await startDeviceGateway({
        serverUrl: ctx.state.serverUrl,
        tenantSlug: ctx.state.tenantSlug,
        deviceId: ctx.state.deviceId,
        privateKey: ctx.client.privateKey,
        port: options.gatewayPort,
        credentials,
        env: options.env,
        fetch: options.fetch,
        syncIntervalMs: options.gatewaySyncIntervalMs,
        appendEvent: (e) => void ctx.spool.append({ events: [e] }).catch((err: Error) => log("warn", `event spool: ${err.message}`)),
        log,
      });
      log("info", `gateway listening on ${gateway.url}`);
    } catch (err) {
      log("warn", `gateway not started on 127.0.0.1:${options.gatewayPort}: ${(err as Error).message}`);
    }
  }

  const env = {
    client: ctx.client,
    scan: options.scan,
    credentials,
    ...(gateway ? { gateway: gateway.wiring } : {}),
    requestCheckin: () => wake.abort(),
    requestUnenroll: () => {
      unenrollRequested = true;
      wake.abort();
    },
  };

  // Agents' own OpenTelemetry (Claude Code, Codex) arrives on loopback and joins the spool (src/telemetry).
  const telemetry =
    options.otlpPort === undefined ? null : await startAgentTelemetry({ port: options.otlpPort, spool: ctx.spool, deviceId: ctx.state.deviceId, credentials, log });
  options.onListening?.({ gatewayUrl: gateway?.url ?? null, otlpUrl: telemetry?.url ?? null });

  const handle = async (command: TDeviceCommand) => {
    if (seen.has(command.id)) return;
    seen.add(command.id);
    if (seen.size > 10_000) seen.delete(seen.values().next().value!);
    try {
      const outcome = await dispatchCommand({ command, handlers, env });
      log("info", `command ${command.type} ${command.id}: ${outcome.status}`);
      await ctx.spool.append({
        events: [createDeviceEvent({ type: "enroller.command_handled", outcome: outcome.status === "succeeded" ? "allowed" : "error", params: { commandId: command.id, commandType: command.type, detail: outcome.detail } })],
      });
    } catch (err) {
      seen.delete(command.id); // ack failed: let a later delivery retry it
      log("warn", `command ${command.id}: ${(err as Error).message}`);
    }
  };

  const stream =
    options.commandStream === false
      ? null
      : ctx.client.openCommandStream({
          onCommand: handle,
          onConnect: () => log("info", "command stream connected"),
          onError: (err) => log("warn", err.message),
          backoff: options.backoff,
        });

  let failures = 0;
  try {
    while (!stop.signal.aborted && !unenrollRequested) {
      let delayMs: number;
      try {
        const result = await checkinOnce({ ctx, scan: options.scan, enforcementRoot: options.enforcementRoot, runProbes: options.runProbes });
        checkins++;
        failures = 0;
        log("info", `checked in: ${result.inventory.installations.length} installations, ${result.response.commands.length} commands`);
        if (result.flushError) log("warn", `events not sent yet: ${result.flushError}`);
        for (const command of result.response.commands) await handle(command);
        delayMs = result.response.checkinIntervalSec * 1000;
      } catch (err) {
        delayMs = computeBackoffDelay({ attempt: failures, ...options.backoff });
        failures++;
        log("error", `${(err as Error).message} (retrying in ${Math.round(delayMs / 1000)} s)`);
      }
      if (unenrollRequested) break;
      await sleep({ ms: delayMs, signal: AbortSignal.any([stop.signal, wake.signal]) });
      if (wake.signal.aborted) wake = new AbortController();
    }
  } finally {
    stream?.close();
    await stream?.closed;
    await telemetry?.close();
    await gateway?.close();
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
  if (unenrollRequested) {
    await clearEnrollment({ stateDir: options.stateDir });
    log("info", "the server unenrolled this device; local enrollment removed");
    return { reason: "unenrolled", checkins };
  }
  return { reason: "stopped", checkins };
}
