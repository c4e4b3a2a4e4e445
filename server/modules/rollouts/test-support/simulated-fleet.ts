/**
 * Simulated devices for rollout tests and the benchmark, built on the enroller's own DeviceClient (signed device
 * JWTs, the real enroll / check-in / ack route handlers, in-process or over loopback HTTP). Each device reports one
 * Claude Code install; when an apply-policy command arrives it decides with `judge(bundle)` whether the bundle
 * holds there, acks it succeeded or failed, and attests it at its next check-in (in_force, or the failing status
 * the judge gave) against the bundle's policyVersion, exactly as the enroller's enforcement reports.
 */
import { POST as ack } from "@/app/api/device/v1/commands/[id]/ack/route";
import { DeviceClient } from "@/agent-enroller/src/protocol/device-client";
import { generateDeviceKeyPair } from "@/agent-enroller/src/protocol/device-keys";
import type { TApplyPolicyPayload, TAttestation, TAttestationStatus } from "@/server/contracts/attestation";
import type { TDeviceCommand } from "@/server/contracts/device";
import { deviceApiFetch } from "@/server/modules/devices/test-support/device-api-fetch";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import type { TTenantScope } from "@/server/modules/tenant-scope";

const SERVER = "http://127.0.0.1:3999";
const CLAUDE_SHA = "a".repeat(64);

/** In-process transport: the device routes plus the ack route. */
export const inProcessFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const m = /^\/api\/device\/v1\/commands\/([^/]+)\/ack$/.exec(new URL(request.url).pathname);
  if (request.method === "POST" && m) return ack(request, { params: Promise.resolve({ id: decodeURIComponent(m[1]!) }) });
  return deviceApiFetch(request);
};

/** What the device finds when it applies a bundle: null = it holds; otherwise the attestation status it reports. */
export type TJudge = (bundle: TApplyPolicyPayload) => Exclude<TAttestationStatus, "in_force"> | null;

export type TSimulatedDevice = {
  deviceId: string;
  ring: "dev" | "staging" | "prod";
  /** One check-in: reports inventory + attestations, runs the commands it gets (acks them). Returns what it applied. */
  checkin: () => Promise<{ applied: string[]; policyVersion: string | null }>;
  appliedVersions: () => string[];
  currentVersion: () => string | null;
};

export async function enrollSimulatedDevices({ scope, ring, count, judge, serverUrl = SERVER, fetchImpl = inProcessFetch, tag = "sim" }: { scope: TTenantScope; ring: "dev" | "staging" | "prod"; count: number; judge: TJudge; serverUrl?: string; fetchImpl?: typeof fetch; tag?: string }): Promise<TSimulatedDevice[]> {
  if (count === 0) return [];
  const { token } = await createEnrollmentToken({ scope, publicUrl: serverUrl, input: { name: `${tag} ${ring}`, maxUses: count, expiresInHours: 1, ring } });
  const devices: TSimulatedDevice[] = [];
  for (let i = 0; i < count; i++) {
    const { privateKey } = generateDeviceKeyPair();
    const client = new DeviceClient({ serverUrl, fetch: fetchImpl });
    const enrolled = await client.enroll({ token, privateKey, machine: { machineId: `${tag}-${ring}-${i}-${Math.random().toString(36).slice(2)}`, hostname: `${tag}-${ring}-${i}`, os: "linux", osVersion: "6.1", arch: "x64", username: `user${i}` } });
    devices.push(simulate({ client, deviceId: enrolled.deviceId, ring, judge }));
  }
  return devices;
}

function simulate({ client, deviceId, ring, judge }: { client: DeviceClient; deviceId: string; ring: "dev" | "staging" | "prod"; judge: TJudge }): TSimulatedDevice {
  let bundle: TApplyPolicyPayload | null = null;
  let verdict: ReturnType<TJudge> = null;
  const applied: string[] = [];
  const attestations = (): TAttestation[] | undefined => {
    if (!bundle) return undefined;
    const now = new Date().toISOString();
    return bundle.agents.map((a) => ({
      productSlug: a.productSlug,
      agent: a.agent,
      policyVersion: bundle!.policyVersion,
      expectedHash: a.policyHash,
      foundHash: verdict ? null : a.policyHash,
      status: verdict ?? "in_force",
      drift: [],
      probe: null,
      repaired: false,
      checkedAt: now,
    }));
  };
  const run = async (command: TDeviceCommand) => {
    if (command.type !== "apply-policy") return;
    const payload = command.payload as TApplyPolicyPayload;
    bundle = payload;
    verdict = judge(payload);
    applied.push(payload.policyVersion);
    await client.ack({ commandId: command.id, status: verdict ? "failed" : "succeeded", detail: verdict ? { policyVersion: payload.policyVersion, agents: payload.agents.map((a) => ({ productSlug: a.productSlug, ok: false, status: verdict, error: `simulated: ${verdict}` })) } : { policyVersion: payload.policyVersion } });
  };
  return {
    deviceId,
    ring,
    appliedVersions: () => [...applied],
    currentVersion: () => bundle?.policyVersion ?? null,
    checkin: async () => {
      const response = await client.checkin({
        request: {
          enrollerVersion: "0.1.0",
          inventory: {
            scannedAt: new Date().toISOString(),
            processesScanned: 1,
            installations: [{ productSlug: "claude-code", displayName: "Claude Code", version: "2.1.197", installPath: "/usr/lib/node_modules/@anthropic-ai/claude-code", entryFile: "cli.js", sha256: CLAUDE_SHA, installMethod: "npm-global", running: false, pids: [], mcpServers: [], configPaths: [] }],
          },
          attestations: attestations(),
        },
      });
      const ran: string[] = [];
      for (const command of response.commands) {
        await run(command);
        if (command.type === "apply-policy") ran.push((command.payload as TApplyPolicyPayload).policyVersion);
      }
      return { applied: ran, policyVersion: response.policyVersion };
    },
  };
}

/** Every device checks in twice: once to get and apply its commands, once to attest what it applied. */
export async function checkinAll({ devices, concurrency = 8 }: { devices: readonly TSimulatedDevice[]; concurrency?: number }) {
  for (const round of [0, 1]) {
    void round;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, devices.length) }, async () => {
        for (;;) {
          const i = next++;
          if (i >= devices.length) return;
          await devices[i]!.checkin();
        }
      }),
    );
  }
}
