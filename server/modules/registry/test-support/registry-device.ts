/**
 * Test helper: a real enrolled device (the enroller's own enroll, check-in and command dispatch code) talking to
 * the real device route handlers in-process, with a scan confined to a temporary HOME and PATH.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { POST as ack } from "@/app/api/device/v1/commands/[id]/ack/route";
import { checkinOnce } from "@/agent-enroller/src/commands/checkin-once";
import { enrollDevice } from "@/agent-enroller/src/commands/enroll-device";
import { loadEnrollmentContext } from "@/agent-enroller/src/commands/enrollment-context";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import { createApplyPolicyHandler } from "@/agent-enroller/src/enforcement/handle-apply-policy";
import { dispatchCommand, type TCommandEnv, type TCommandHandlers } from "@/agent-enroller/src/loop/command-handlers";
import type { TDeviceCommand } from "@/server/contracts/device";
import { deviceApiFetch } from "@/server/modules/devices/test-support/device-api-fetch";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import type { TTenantScope } from "@/server/modules/tenant-scope";

const SERVER = "http://127.0.0.1:3999";

const fetchWithAck: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const m = /^\/api\/device\/v1\/commands\/([^/]+)\/ack$/.exec(new URL(request.url).pathname);
  if (request.method === "POST" && m) return ack(request, { params: Promise.resolve({ id: decodeURIComponent(m[1]!) }) });
  return deviceApiFetch(request);
};

export async function createRegistryDevice({ scope, pathDirs, runProbes }: { scope: TTenantScope; pathDirs: string[]; runProbes: boolean }) {
  const home = mkdtempSync(path.join(os.tmpdir(), "marshal-reg-home-"));
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "marshal-reg-state-"));
  const { token } = await createEnrollmentToken({ scope, publicUrl: SERVER, input: { name: "registry test", maxUses: 1, expiresInHours: 1, ring: "prod" } });
  const { state } = await enrollDevice({ stateDir, serverUrl: SERVER, token, fetch: fetchWithAck });
  const ctx = await loadEnrollmentContext({ stateDir, fetch: fetchWithAck });
  const scan = { ctx: createScanContext({ env: { HOME: home, PATH: [...pathDirs, "/usr/bin", "/bin"].join(":") } }) };
  const handlers: TCommandHandlers = new Map([["apply-policy", createApplyPolicyHandler({ stateDir })]]);
  let checkinRequested = 0;
  const env: TCommandEnv = { client: ctx.client, scan, requestCheckin: () => void checkinRequested++, requestUnenroll: () => undefined };
  return {
    deviceId: state.deviceId,
    home,
    stateDir,
    scan,
    checkin: () => checkinOnce({ ctx, scan, runProbes }),
    run: (command: TDeviceCommand) => dispatchCommand({ command, handlers, env }),
    checkinRequests: () => checkinRequested,
  };
}
