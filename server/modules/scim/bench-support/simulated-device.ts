/**
 * An enrolled device as the real enroller runs it: the enroller's own DeviceClient holds the command
 * stream, and its own command handlers run a `revoke` (process scan + kill in an empty environment,
 * then the ack with proof). Resolves `stopped` with the time the final ack was accepted by the server.
 */
import { mkdtempSync } from "node:fs";
import type { KeyObject } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createCommandHandlers, createDeviceClient, dispatchCommand } from "@/agent-enroller/src/index";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";

export function startSimulatedDevice(opts: { serverUrl: string; deviceId: string; privateKey: KeyObject }) {
  const client = createDeviceClient({ serverUrl: opts.serverUrl, deviceId: opts.deviceId, privateKey: opts.privateKey });
  const home = mkdtempSync(path.join(os.tmpdir(), "marshal-scim-device-"));
  const env = { client, scan: { ctx: createScanContext({ env: { HOME: home, PATH: "/nonexistent" } }) }, requestCheckin: () => {}, requestUnenroll: () => {} };
  const handlers = createCommandHandlers();
  let onConnected!: () => void;
  let onStopped!: (at: number) => void;
  const connected = new Promise<void>((r) => (onConnected = r));
  const stopped = new Promise<number>((r) => (onStopped = r));
  const stream = client.openCommandStream({
    onConnect: () => onConnected(),
    onCommand: async (command) => {
      const outcome = await dispatchCommand({ command, handlers, env });
      if (command.type === "revoke" && outcome.status === "succeeded") onStopped(performance.now());
    },
  });
  return {
    connected,
    stopped,
    close: async () => {
      stream.close();
      await stream.closed;
    },
  };
}
