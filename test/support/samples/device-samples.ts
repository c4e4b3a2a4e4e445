/**
 * Cross-tenant samples for devices.* and devices.enrollmentTokens.*: a device enrolled the way a laptop enrolls
 * (enrollment token, the enroller's own DeviceClient against the real device route handlers, one check-in that
 * reports a Claude Code installation).
 */
import { createDeviceClient } from "@/agent-enroller/src/index";
import { env } from "@/server/env";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { deviceApiFetch } from "@/server/modules/devices/test-support/device-api-fetch";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { uniqueSuffix } from "../tenants";

export type TEnrolledSampleDevice = { id: string; hostname: string; ring: "staging"; ownerPersonId: string | null };

/** Enrolls one device (ring staging) owned by `ownerPersonId`, checked in with a Claude Code installation. */
export async function enrollSampleDevice(opts: { scope: TTenantScope; ownerPersonId: string | null }): Promise<{ device: TEnrolledSampleDevice; tokenId: string }> {
  const token = await createEnrollmentToken({
    scope: opts.scope,
    input: { name: "victim fleet", maxUses: 5, expiresInHours: 1, ring: "staging", ownerPersonId: opts.ownerPersonId },
    publicUrl: env().MARSHAL_PUBLIC_URL,
  });
  const hostname = `victim-laptop-${uniqueSuffix()}`;
  const client = createDeviceClient({ serverUrl: "http://127.0.0.1:1", fetch: deviceApiFetch });
  const enrolled = await client.enroll({ token: token.token, machine: { machineId: `m-${uniqueSuffix()}`, hostname, os: "linux", osVersion: "6.1", arch: "x64", username: "victim" } });
  await client.checkin({
    request: {
      enrollerVersion: "0.1.0",
      inventory: {
        scannedAt: new Date().toISOString(),
        processesScanned: 1,
        installations: [
          {
            productSlug: "claude-code",
            displayName: "Claude Code",
            version: "2.1.197",
            installPath: "/usr/lib/node_modules/@anthropic-ai/claude-code",
            entryFile: null,
            sha256: null,
            installMethod: "npm-global",
            running: false,
            pids: [],
            mcpServers: [],
            configPaths: [],
          },
        ],
      },
    },
  });
  return { device: { id: enrolled.deviceId, hostname, ring: "staging", ownerPersonId: opts.ownerPersonId }, tokenId: token.id };
}

export function deviceSamples(opts: { device: TEnrolledSampleDevice; tokenId: string }): Record<string, Record<string, unknown>> {
  const { device } = opts;
  return {
    "devices.list": { search: device.hostname, ring: device.ring },
    "devices.get": { id: device.id },
    "devices.unenroll": { id: device.id },
    "devices.installations": { deviceId: device.id, productSlug: "claude-code" },
    "devices.agents": {},
    "devices.estate": { days: 7 },
    "devices.enrollmentTokens.list": {},
    "devices.enrollmentTokens.create": { name: "intruder", maxUses: 1000, expiresInHours: 24, ring: "prod" },
    "devices.enrollmentTokens.revoke": { id: opts.tokenId },
  };
}
