/** Fixtures for the kill-switch tests: a device enrolled with a real Ed25519 key, people, agent identities. */
import type { KeyObject } from "node:crypto";
import { exportPublicKeyBase64url, generateDeviceKeyPair } from "@/agent-enroller/src/index";
import { uniqueSuffix } from "@/test/support/tenants";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { ensureAgentIdentity } from "@/server/modules/identities/ensure-agent-identity";

export async function addPerson(opts: { scope: TTenantScope; name?: string }) {
  const userName = `${opts.name ?? "ann"}-${uniqueSuffix()}@example.test`;
  return opts.scope.db.person.create({ data: { tenantId: opts.scope.tenantId, userName, userNameKey: userName.toLowerCase(), displayName: opts.name ?? "Ann" } });
}

export async function addDevice(opts: { scope: TTenantScope; ownerPersonId?: string | null; hostname?: string }): Promise<{ id: string; privateKey: KeyObject; hostname: string }> {
  const { privateKey } = generateDeviceKeyPair();
  const hostname = opts.hostname ?? `laptop-${uniqueSuffix()}`;
  const device = await opts.scope.db.device.create({
    data: {
      tenantId: opts.scope.tenantId,
      machineId: `m-${uniqueSuffix()}`,
      hostname,
      os: "linux",
      osVersion: "6.1",
      arch: "x64",
      username: "ann",
      enrollerVersion: "0.1.0",
      ownerPersonId: opts.ownerPersonId ?? null,
      publicKey: exportPublicKeyBase64url({ key: privateKey }),
    },
  });
  return { id: device.id, privateKey, hostname };
}

export async function addIdentity(opts: { scope: TTenantScope; deviceId: string; personId: string; productSlug?: string; parentId?: string; policyClass?: string }) {
  return ensureAgentIdentity({
    scope: opts.scope,
    deviceId: opts.deviceId,
    personId: opts.personId,
    productSlug: opts.productSlug ?? "claude-code",
    parentId: opts.parentId,
    policyClass: opts.policyClass,
  });
}
