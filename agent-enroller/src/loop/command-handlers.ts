/**
 * What the device does with each command type. A handler returns the final ack; unknown types are acked
 * "failed" with the reason, so the console never waits on a command this enroller version cannot run.
 * Handling is idempotent per command id (commands arrive at least once, over the stream and at check-in).
 */
import { z } from "zod";
import type { TCommandAckStatus, TDeviceCommand } from "../../../server/contracts/device";
import { scanDevice, type TScanOptions } from "../discovery/scan-device";
import type { DeviceClient } from "../protocol/device-client";
import { terminateProcesses } from "./terminate-processes";

export type TCommandOutcome = { status: Exclude<TCommandAckStatus, "delivered">; detail?: unknown };

export type TCommandEnv = {
  client: DeviceClient;
  /** Ask the loop for a check-in now. */
  requestCheckin: () => void;
  /** Forget the enrollment and stop the loop (after the ack is sent). */
  requestUnenroll: () => void;
  scan?: TScanOptions;
  /** The agent credentials this enroller holds (src/identity): dropped and locked on revoke, unlocked on restore. */
  credentials?: {
    revoke(p: { revocationId: string; productSlugs: string[]; allAgents: boolean; identityIds: string[] }): number;
    restore(p: { revocationId: string }): number;
  };
  /** The device gateway in this process (`run`): revoke/restore reach it too (its provider-key cache is dropped). */
  gateway?: { applyRevokeCommand(c: { type: string; payload: unknown; id: string }): boolean };
};

export type TCommandHandler = (command: TDeviceCommand, env: TCommandEnv) => Promise<TCommandOutcome>;
export type TCommandHandlers = Map<string, TCommandHandler>;

const ZRevokePayload = z
  .object({
    productSlug: z.string().optional(),
    /** Several products at once (a person's or an identity chain's agents on this device). */
    productSlugs: z.array(z.string()).optional(),
    /** Every detected agent on the device (device- and tenant-wide revocations). */
    allAgents: z.boolean().optional(),
    installPath: z.string().optional(),
    reason: z.string().optional(),
    revocationId: z.string().optional(),
    identityIds: z.array(z.string()).optional(),
  })
  .loose();

/** Stops the named agent's running processes and proves it with a scan before and after. */
export const handleRevoke: TCommandHandler = async (command, env) => {
  const payload = ZRevokePayload.safeParse(command.payload ?? {});
  const slugs = payload.success ? [...new Set([...(payload.data.productSlugs ?? []), ...(payload.data.productSlug ? [payload.data.productSlug] : [])])] : [];
  if (!payload.success || (slugs.length === 0 && !payload.data.installPath && payload.data.allAgents !== true)) {
    return { status: "failed", detail: { reason: "revoke payload needs productSlug, productSlugs, allAgents or installPath" } };
  }
  const { productSlug, installPath, allAgents = false } = payload.data;
  const matches = (i: { productSlug: string; installPath: string }) =>
    (allAgents || slugs.length === 0 || slugs.includes(i.productSlug)) && (!installPath || i.installPath === installPath);
  // Credentials first: a process that survives a moment longer can no longer use its token through the gateway.
  const credentialsDropped = env.credentials?.revoke({
    revocationId: payload.data.revocationId ?? command.id,
    productSlugs: slugs,
    allAgents,
    identityIds: payload.data.identityIds ?? [],
  });
  env.gateway?.applyRevokeCommand(command);
  const scanOpts = { ...env.scan, runVersionCommands: false };
  const before = (await scanDevice(scanOpts)).inventory.installations.filter(matches);
  const runningBefore = before.flatMap((i) => i.pids);
  // Agents spawn helpers (and may re-spawn while being stopped): terminate, rescan, repeat until a scan shows none.
  const result = { terminated: [] as number[], killed: [] as number[] };
  let running = runningBefore;
  let runningAfter: number[] = runningBefore;
  for (let round = 0; round < 5 && running.length > 0; round++) {
    // A kill switch, not a polite shutdown: 1 s for SIGTERM handlers, then SIGKILL.
    const r = await terminateProcesses({ pids: running, graceMs: 1000 });
    result.terminated.push(...r.terminated);
    result.killed.push(...r.killed);
    runningAfter = (await scanDevice(scanOpts)).inventory.installations.filter(matches).flatMap((i) => i.pids);
    running = runningAfter;
  }
  const detail = {
    productSlug: productSlug ?? null,
    productSlugs: slugs,
    allAgents,
    installPath: installPath ?? null,
    ...(credentialsDropped === undefined ? {} : { credentialsDropped }),
    installations: before.map((i) => ({ installPath: i.installPath, version: i.version })),
    runningBefore,
    terminated: [...new Set(result.terminated)],
    forceKilled: [...new Set(result.killed)],
    runningAfter,
    checkedAt: new Date().toISOString(),
  };
  return runningAfter.length === 0 ? { status: "succeeded", detail } : { status: "failed", detail: { ...detail, reason: "processes still running after SIGKILL" } };
};

export function createCommandHandlers(): TCommandHandlers {
  return new Map<string, TCommandHandler>([
    [
      "rescan",
      async (_c, env) => {
        env.requestCheckin();
        return { status: "succeeded", detail: { checkinRequested: true } };
      },
    ],
    [
      "unenroll",
      async (_c, env) => {
        env.requestUnenroll();
        return { status: "succeeded", detail: { unenrolled: true } };
      },
    ],
    ["revoke", handleRevoke],
    [
      "restore",
      async (command, env) => {
        const revocationId = (command.payload as { revocationId?: unknown } | null)?.revocationId;
        if (typeof revocationId !== "string") return { status: "failed", detail: { reason: "restore payload needs revocationId" } };
        const unlocked = env.credentials?.restore({ revocationId }) ?? 0;
        env.gateway?.applyRevokeCommand(command);
        return { status: "succeeded", detail: { revocationId, unlocked } };
      },
    ],
  ]);
}

/** Acks delivery, runs the handler, acks the outcome. Returns the outcome (also when acking fails). */
export async function dispatchCommand(options: {
  command: TDeviceCommand;
  handlers: TCommandHandlers;
  env: TCommandEnv;
}): Promise<TCommandOutcome> {
  const { command, handlers, env } = options;
  // The delivery ack travels while the handler already runs: a kill does not wait for a round trip.
  const deliveredAck = env.client.ack({ commandId: command.id, status: "delivered" });
  deliveredAck.catch(() => {}); // awaited below; this only keeps an early rejection from being "unhandled"
  const handler = handlers.get(command.type);
  let outcome: TCommandOutcome;
  if (!handler) {
    outcome = { status: "failed", detail: { reason: `this enroller cannot run "${command.type}" commands` } };
  } else {
    try {
      outcome = await handler(command, env);
    } catch (err) {
      outcome = { status: "failed", detail: { reason: (err as Error).message } };
    }
  }
  await deliveredAck;
  await env.client.ack({ commandId: command.id, status: outcome.status, detail: outcome.detail });
  return outcome;
}
