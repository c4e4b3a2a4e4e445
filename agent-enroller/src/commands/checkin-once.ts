/**
 * One check-in: scan, keep the inventory on disk (so nothing discovered is lost while offline), report it,
 * take the server's interval and commands, flush the event spool. A failed send leaves the saved inventory
 * and the spool in place for the next turn.
 */
import { readFile } from "node:fs/promises";
import type { TCheckinResponse } from "../../../server/contracts/device";
import { ZInventory, type TInventory } from "../../../server/contracts/inventory";
import { scanDevice, type TScanOptions } from "../discovery/scan-device";
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
}): Promise<{ response: TCheckinResponse; inventory: TInventory; flush: TFlushResult | null; flushError: string | null }> {
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
  const stats = await ctx.spool.stats();
  let response: TCheckinResponse;
  try {
    response = await ctx.client.checkin({ request: { enrollerVersion: ENROLLER_VERSION, inventory, bufferedEvents: stats.count } });
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
  return { response, inventory, flush, flushError };
}
