/**
 * One check-in: scan, keep the inventory on disk (so nothing discovered is lost while offline), report it,
 * take the server's interval and commands, flush the event spool. A failed send leaves the saved inventory
 * and the spool in place for the next turn.
 */
import { readFile } from "node:fs/promises";
import type { TCheckinResponse } from "../../../server/contracts/device";
import { ZInventory, type TInventory } from "../../../server/contracts/inventory";
import type { TAttestation } from "../../../server/contracts/attestation";
import { scanDevice, type TScanOptions } from "../discovery/scan-device";
import { collectAttestations } from "../enforcement/collect-attestations";
import { scanContextOs } from "../enforcement/scan-context-os";
import { createDeviceEvent } from "../spool/event-spool";
import type { TFlushResult } from "../spool/event-spool";
import { stateFiles, writeDeviceState, writePrivateFile } from "../state/device-state";
import { ENROLLER_VERSION } from "../version";
import type { TEnrollmentContext } from "./enrollment-context";

export async function readSavedInventory(options: { stateDir: string }): Promise<TInventory | null> {
  try {
    return ZInventory.parse(JSON.parse(await readFile(stateFiles(options.stateDir).inventory, "utf8")));
  } catch {
    return null;
  }
}

export async function checkinOnce(options: {
  ctx: TEnrollmentContext;
  scan?: TScanOptions;
  /** Prefix for the system paths policy files live under (tests only). */
  enforcementRoot?: string;
  /** Run agent probes during attestation (default true). */
  runProbes?: boolean;
}): Promise<{ response: TCheckinResponse; inventory: TInventory; attestations: TAttestation[] | undefined; flush: TFlushResult | null; flushError: string | null }> {
  const { ctx } = options;
  let inventory: TInventory;
  try {
    inventory = (await scanDevice(options.scan)).inventory;
    await writePrivateFile({ file: stateFiles(ctx.stateDir).inventory, content: JSON.stringify(inventory) });
  } catch (err) {
    const saved = await readSavedInventory({ stateDir: ctx.stateDir });
    if (!saved) throw new Error(`discovery failed and no earlier inventory is saved: ${(err as Error).message}`);
    inventory = saved;
  }
  // Attestation: re-read and hash the enforced policy, repair drift if told to, re-enforce blocks. Never fails the check-in.
  let attestations: TAttestation[] | undefined;
  try {
    const collected = await collectAttestations({
      stateDir: ctx.stateDir,
      inventory,
      target: { os: scanContextOs({ scan: options.scan }), rootDir: options.enforcementRoot },
      scan: options.scan,
      runProbes: options.runProbes,
    });
    if (collected.attestations.length > 0) attestations = collected.attestations;
    if (collected.actions.length > 0) {
      await ctx.spool.append({ events: collected.actions.map((a) => createDeviceEvent({ type: a.type, outcome: a.outcome, params: a.params })) });
      // A blocked product was just stopped or moved: report the inventory as it is now.
      if (collected.actions.some((a) => a.type === "process.blocked")) inventory = (await scanDevice(options.scan)).inventory;
    }
  } catch (err) {
    ctx.state = { ...ctx.state, lastError: `attestation failed: ${(err as Error).message}` };
  }
  const stats = await ctx.spool.stats();
  let response: TCheckinResponse;
  try {
    response = await ctx.client.checkin({ request: { enrollerVersion: ENROLLER_VERSION, inventory, bufferedEvents: stats.count, ...(attestations ? { attestations } : {}) } });
  } catch (err) {
    ctx.state = { ...ctx.state, lastError: (err as Error).message };
    await writeDeviceState({ stateDir: ctx.stateDir, state: ctx.state });
    throw err;
  }
  ctx.state = {
    ...ctx.state,
    checkinIntervalSec: response.checkinIntervalSec,
    policyVersion: response.policyVersion,
    lastCheckinAt: new Date().toISOString(),
    lastError: null,
  };
  await writeDeviceState({ stateDir: ctx.stateDir, state: ctx.state });
  let flush: TFlushResult | null = null;
  let flushError: string | null = null;
  try {
    flush = await ctx.spool.flush({ send: (events) => ctx.client.sendEvents({ events }) });
  } catch (err) {
    flushError = (err as Error).message;
  }
  return { response, inventory, attestations, flush, flushError };
}
