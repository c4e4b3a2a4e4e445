/** Loads what every post-enrollment command needs: state, key, a DeviceClient and the event spool. */
import { DeviceClient } from "../protocol/device-client";
import { EventSpool } from "../spool/event-spool";
import { readDeviceKey, readDeviceState, stateFiles, type TDeviceState } from "../state/device-state";

export type TEnrollmentContext = { stateDir: string; state: TDeviceState; client: DeviceClient; spool: EventSpool };

export async function loadEnrollmentContext(options: { stateDir: string; fetch?: typeof fetch }): Promise<TEnrollmentContext> {
  const state = await readDeviceState({ stateDir: options.stateDir });
  if (!state) throw new Error(`this device is not enrolled (no state in ${options.stateDir}); run \`marshal-enroller enroll --server URL --token T\``);
  const privateKey = await readDeviceKey({ stateDir: options.stateDir });
  const client = new DeviceClient({ serverUrl: state.serverUrl, deviceId: state.deviceId, privateKey, fetch: options.fetch });
  return { stateDir: options.stateDir, state, client, spool: new EventSpool({ file: stateFiles(options.stateDir).spool }) };
}
