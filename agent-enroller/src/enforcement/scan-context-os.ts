import type { TDeviceOs } from "../../../server/contracts/device";
import { toDeviceOs } from "../discovery/scan-context";
import type { TScanOptions } from "../discovery/scan-device";

/** The OS whose system paths apply: the scan context's (tests may set it), else this machine's. */
export function scanContextOs({ scan }: { scan?: TScanOptions }): TDeviceOs {
  return scan?.ctx?.os ?? toDeviceOs(process.platform);
}
