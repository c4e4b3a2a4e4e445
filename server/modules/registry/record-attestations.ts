/**
 * Called by the device check-in with what the device attested: keeps the latest attestation per device and product
 * (drift is remembered in lastDriftAt even after a repair), rebuilds the device's bundle (so lapsed exceptions and
 * tolerances take effect) and sends it when the device is not enforcing it yet. Returns the policy version the
 * check-in response carries
 * (null while the device has nothing to enforce).
 */
import { ZAttestations } from "@/server/contracts/attestation";
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { buildDevicePolicyBundles } from "./build-device-policy-bundles";
import { enqueueApplyPolicy, readSentPolicyVersions } from "./propagate-policy";

export async function recordAttestations({ scope, deviceId, attestations, now = new Date() }: { scope: TTenantScope; deviceId: string; attestations: unknown; now?: Date }): Promise<{ policyVersion: string | null; commandIds: string[] }> {
  const parsed = attestations === undefined ? null : ZAttestations.safeParse(attestations);
  if (parsed && !parsed.success) throw new AppError("BAD_REQUEST", `attestations: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const { db } = scope;
  const device = await db.device.findFirst({ where: { id: deviceId }, select: { id: true } });
  if (!device) throw new AppError("NOT_FOUND", "Device not found");

  if (parsed) {
    const reported = parsed.data;
    await db.$transaction(async (tx) => {
      await tx.policyAttestation.deleteMany({ where: { deviceId, productSlug: { notIn: reported.map((a) => a.productSlug) } } });
      for (const a of reported) {
        const drifted = a.status === "drifted" || a.status === "tampered" || a.repaired;
        const data = {
          status: a.status,
          expectedHash: a.expectedHash,
          foundHash: a.foundHash,
          policyVersion: a.policyVersion,
          drift: a.drift as object,
          probe: (a.probe ?? undefined) as object | undefined,
          detail: (a.detail ?? undefined) as object | undefined,
          repaired: a.repaired,
          attestedAt: new Date(a.checkedAt),
          ...(drifted ? { lastDriftAt: now } : {}),
        };
        await tx.policyAttestation.upsert({
          where: { deviceId_productSlug: { deviceId, productSlug: a.productSlug } },
          create: { tenantId: scope.tenantId, deviceId, productSlug: a.productSlug, ...data },
          update: data,
        });
      }
    });
  }

  const bundle = (await buildDevicePolicyBundles({ scope, deviceIds: [deviceId], now })).get(deviceId)!;
  const sent = (await readSentPolicyVersions({ scope, deviceIds: [deviceId] })).get(deviceId);
  // The device says it enforces another bundle although the current one was delivered and finished: it lost its
  // state (reinstall, wiped state dir). Send it again.
  const deviceLostIt =
    parsed !== null &&
    sent?.version === bundle.policyVersion &&
    (sent.status === "succeeded" || sent.status === "failed") &&
    parsed.data.length > 0 &&
    parsed.data.every((a) => a.policyVersion !== bundle.policyVersion);
  const { commandIds } = await enqueueApplyPolicy({ scope, bundles: [bundle], force: deviceLostIt });
  // Nothing to enforce on this device: no policy version (null, as before any registry decision).
  const enforcesSomething = bundle.agents.length > 0 || bundle.blocked.length > 0;
  return { policyVersion: enforcesSomething ? bundle.policyVersion : null, commandIds };
}
