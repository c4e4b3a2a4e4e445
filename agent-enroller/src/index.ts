/** Programmatic API of the enroller (the benchmark's simulated devices use this, not a copy). */
export { DeviceClient, normalizeServerUrl, type TDeviceClientOptions, type TMachineFacts, type TCommandStream, type TCommandStreamOptions } from "./protocol/device-client";
export { DeviceApiError } from "./protocol/device-api-error";
export { signDeviceJwt, deviceAuthorization, hashBody } from "./protocol/device-jwt";
export { generateDeviceKeyPair, exportPublicKeyBase64url, exportPrivateKeyPem, importPrivateKeyPem } from "./protocol/device-keys";
export { SseParser } from "./protocol/parse-sse";
export { scanDevice, type TScanOptions, type TScanResult } from "./discovery/scan-device";
export { createScanContext, type TScanContext } from "./discovery/scan-context";
export { loadAgentCatalog } from "./discovery/load-agent-catalog";
export { enrollDevice } from "./commands/enroll-device";
export { checkinOnce } from "./commands/checkin-once";
export { loadEnrollmentContext, type TEnrollmentContext } from "./commands/enrollment-context";
export { unenrollDevice } from "./commands/unenroll-device";
export { readStatus } from "./commands/read-status";
export { runEnroller } from "./loop/run-enroller";
export { createCommandHandlers, dispatchCommand, type TCommandHandler, type TCommandHandlers } from "./loop/command-handlers";
export { computeBackoffDelay } from "./loop/backoff";
export { EventSpool, createDeviceEvent, EVENTS_DROPPED_TYPE } from "./spool/event-spool";
export { resolveStateDir } from "./state/resolve-state-dir";
export { ENROLLER_VERSION } from "./version";

import { DeviceClient, type TDeviceClientOptions } from "./protocol/device-client";
import { scanDevice } from "./discovery/scan-device";
import { checkinOnce as checkinOnceImpl } from "./commands/checkin-once";
import { loadEnrollmentContext as loadCtx } from "./commands/enrollment-context";

/** A DeviceClient with no state directory: key and device id live in memory. */
export function createDeviceClient(options: TDeviceClientOptions): DeviceClient {
  return new DeviceClient(options);
}

/** One check-in for the device enrolled in `stateDir`. */
export async function checkinStateDir(options: { stateDir: string; fetch?: typeof fetch }) {
  return checkinOnceImpl({ ctx: await loadCtx(options) });
}

export { scanDevice as scanDeviceInventory };
