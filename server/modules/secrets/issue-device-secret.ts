/**
 * Hands a provider secret to a device gateway, for one agent identity that is active, on this device, whose person
 * is active and not locked out by any revocation (identity, product, person, device or tenant scope). The value
 * travels only in this answer (device protocol, `cache-control: no-store`), is never logged, and the device keeps it
 * in memory for DEVICE_SECRET_TTL_SEC at most.
 */
import { AppError } from "@/server/errors";
import { DEVICE_SECRET_TTL_SEC, type TDeviceSecretResponse } from "@/server/contracts/gateway-protocol";
import type { TModelProvider } from "@/server/contracts/pricing";
import type { TTenantScope } from "../tenant-scope";
import { findBlockingRevocation } from "../identities/find-blocking-revocation";
import { openSecretValue, processKeyring, type TKeyring } from "./secret-keyring";
import { secretAad } from "./secret-schemas";

export async function issueDeviceSecret(opts: {
  scope: TTenantScope;
  deviceId: string;
  identityId: string;
  provider: TModelProvider;
  keyring?: TKeyring;
  now?: Date;
}): Promise<TDeviceSecretResponse> {
  const { db, tenantId } = opts.scope;
  const now = opts.now ?? new Date();
  const identity = await db.agentIdentity.findFirst({
    where: { id: opts.identityId },
    select: { id: true, deviceId: true, personId: true, productSlug: true, status: true, statusReason: true, person: { select: { active: true, deletedAt: true } } },
  });
  if (!identity || identity.deviceId !== opts.deviceId) throw new AppError("NOT_FOUND", "No such agent identity on this device");
  if (identity.status !== "active") throw new AppError("FORBIDDEN", `This agent identity is ${identity.status}${identity.statusReason ? `: ${identity.statusReason}` : ""}`);
  if (identity.person && (!identity.person.active || identity.person.deletedAt)) throw new AppError("FORBIDDEN", "The person this agent acts for is deactivated");
  const blocking = await findBlockingRevocation({ db, deviceId: opts.deviceId, personId: identity.personId, productSlug: identity.productSlug });
  if (blocking) throw new AppError("FORBIDDEN", `Locked out by revocation ${blocking.id} (${blocking.scopeLabel})`);

  const secret = await db.tenantSecret.findFirst({
    where: { provider: opts.provider, status: "active" },
    select: { id: true, version: true, headerName: true, valuePrefix: true, valueEnc: true, lastFetchedAt: true },
  });
  if (!secret) throw new AppError("NOT_FOUND", `This tenant has no active ${opts.provider} key; an admin adds one under Integrations → Secrets`);
  const value = openSecretValue({ keyring: opts.keyring ?? processKeyring(), ciphertext: secret.valueEnc, aad: secretAad({ tenantId, secretId: secret.id, version: secret.version }) });

  // last-fetched time, written at most once a minute so a busy estate does not write on every fetch
  if (!secret.lastFetchedAt || now.getTime() - secret.lastFetchedAt.getTime() > 60_000) {
    await db.tenantSecret.updateMany({ where: { id: secret.id }, data: { lastFetchedAt: now } });
  }
  return {
    secretId: secret.id,
    version: secret.version,
    headerName: secret.headerName,
    value: `${secret.valuePrefix}${value}`,
    ttlSec: DEVICE_SECRET_TTL_SEC,
    expiresAt: new Date(now.getTime() + DEVICE_SECRET_TTL_SEC * 1000).toISOString(),
  };
}
