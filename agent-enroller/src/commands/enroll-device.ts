/** `enroll`: registers this machine with the console using a one-time enrollment token. */
import type { TEnrollResponse } from "../../../server/contracts/device";
import { DeviceClient } from "../protocol/device-client";
import { createDeviceEvent, EventSpool } from "../spool/event-spool";
import { ensureStateDir, stateFiles, writeDeviceKey, writeDeviceState, type TDeviceState } from "../state/device-state";
import { readMachineFacts } from "../state/read-machine-facts";

export async function enrollDevice(options: {
  stateDir: string;
  serverUrl: string;
  token: string;
  fetch?: typeof fetch;
}): Promise<{ state: TDeviceState; response: TEnrollResponse }> {
  const token = options.token.trim();
  if (!token) throw new Error("an enrollment token is required: --token <token>");
  const client = new DeviceClient({ serverUrl: options.serverUrl, fetch: options.fetch });
  await ensureStateDir({ stateDir: options.stateDir });
  const machine = await readMachineFacts({ stateDir: options.stateDir });
  const response = await client.enroll({ token, machine });
  // Key first: a state file never points at a key that is not there.
  await writeDeviceKey({ stateDir: options.stateDir, privateKey: client.privateKey! });
  const state: TDeviceState = {
    deviceId: response.deviceId,
    serverUrl: client.serverUrl,
    tenantSlug: response.tenantSlug,
    ring: response.ring,
    checkinIntervalSec: response.checkinIntervalSec,
    enrolledAt: new Date().toISOString(),
    lastCheckinAt: null,
    lastError: null,
    policyVersion: null,
  };
  await writeDeviceState({ stateDir: options.stateDir, state });
  const spool = new EventSpool({ file: stateFiles(options.stateDir).spool });
  await spool.append({
    events: [createDeviceEvent({ type: "enroller.enrolled", outcome: "allowed", params: { deviceId: response.deviceId, machineId: machine.machineId, hostname: machine.hostname } })],
  });
  return { state, response };
}
