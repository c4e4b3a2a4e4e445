/** `status`: what this device's enroller knows about itself, without talking to the server. */
import { EventSpool } from "../spool/event-spool";
import { readDeviceState, stateFiles, type TDeviceState } from "../state/device-state";
import { readSavedInventory } from "./checkin-once";

export type TEnrollerStatus = {
  stateDir: string;
  enrolled: boolean;
  state: TDeviceState | null;
  inventory: { scannedAt: string; installations: number } | null;
  spool: { count: number; bytes: number; dropped: number };
};

export async function readStatus(options: { stateDir: string }): Promise<TEnrollerStatus> {
  const state = await readDeviceState({ stateDir: options.stateDir });
  const inv = await readSavedInventory({ stateDir: options.stateDir });
  const spool = await new EventSpool({ file: stateFiles(options.stateDir).spool }).stats();
  return {
    stateDir: options.stateDir,
    enrolled: state !== null,
    state,
    inventory: inv ? { scannedAt: inv.scannedAt, installations: inv.installations.length } : null,
    spool,
  };
}
