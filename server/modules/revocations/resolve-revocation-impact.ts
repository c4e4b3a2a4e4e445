/**
 * What a revocation scope reaches: the identities it matches (plus every delegated child, recursively, with the
 * chain recorded) and, per device, what the device must stop. Used by createRevocation and by the console's
 * impact preview, so the preview shows exactly what the button will do.
 */
import { AppError } from "@/server/errors";
import type { TTenantDb } from "@/server/db";
import catalog from "@/server/contracts/agent-catalog.json" with { type: "json" };
import type { TRevocationScope, TRevokeCommandPayload } from "./revocation-schemas";

type TDb = TTenantDb | Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0];

export type TImpactIdentity = { id: string; deviceId: string; personId: string | null; productSlug: string; status: string; viaId: string | null; depth: number };
export type TImpactDevice = { deviceId: string; allAgents: boolean; productSlugs: string[]; identityIds: string[] };
export type TRevocationImpact = {
  scopeLabel: string;
  identities: TImpactIdentity[];
  devices: TImpactDevice[];
  people: string[];
};

const MAX_DELEGATION_DEPTH = 64;
/** PostgreSQL takes at most 65,535 bind parameters per statement: long id lists are queried in chunks. */
const CHUNK = 5000;
const identitySelect = { id: true, deviceId: true, personId: true, productSlug: true, status: true, parentId: true } as const;

export async function resolveRevocationImpact(opts: { db: TDb; target: TRevocationScope }): Promise<TRevocationImpact> {
  const { db, target } = opts;
  const liveDevice = { publicKey: { not: null } } as const;
  let scopeLabel: string;
  let direct: { id: string; deviceId: string; personId: string | null; productSlug: string; status: string; parentId: string | null }[];
  const wholeDevices = new Set<string>();
  const productDevices = new Map<string, Set<string>>();
  const addProductDevice = (deviceId: string, slug: string) => {
    if (!productDevices.has(deviceId)) productDevices.set(deviceId, new Set());
    productDevices.get(deviceId)!.add(slug);
  };

  switch (target.type) {
    case "identity": {
      const identity = await db.agentIdentity.findFirst({ where: { id: target.id! }, select: identitySelect });
      if (!identity) throw new AppError("NOT_FOUND", "Agent identity not found");
      if (identity.status === "revoked") throw new AppError("CONFLICT", "This identity is already revoked; restore its revocation first to revoke it again");
      scopeLabel = `identity ${identity.id} (${identity.productSlug})`;
      direct = [identity];
      break;
    }
    case "product": {
      const slug = target.id!;
      const [product, installs] = await Promise.all([
        db.agentProduct.findUnique({ where: { slug }, select: { displayName: true } }),
        db.installation.findMany({ where: { productSlug: slug, device: liveDevice }, select: { deviceId: true }, distinct: ["deviceId"] }),
      ]);
      direct = await db.agentIdentity.findMany({ where: { productSlug: slug, status: { not: "revoked" } }, select: identitySelect });
      const catalogEntry = (catalog as { slug: string; displayName: string }[]).find((a) => a.slug === slug);
      if (!product && !catalogEntry && installs.length === 0 && direct.length === 0) throw new AppError("NOT_FOUND", `No agent product "${slug}" is known or installed`);
      for (const i of installs) addProductDevice(i.deviceId, slug);
      scopeLabel = `product ${product?.displayName ?? catalogEntry?.displayName ?? slug}`;
      break;
    }
    case "person": {
      const person = await db.person.findFirst({ where: { id: target.id! }, select: { id: true, userName: true, displayName: true } });
      if (!person) throw new AppError("NOT_FOUND", "Person not found");
      direct = await db.agentIdentity.findMany({ where: { personId: person.id, status: { not: "revoked" } }, select: identitySelect });
      const owned = await db.device.findMany({ where: { ownerPersonId: person.id, ...liveDevice }, select: { id: true } });
      for (const d of owned) wholeDevices.add(d.id);
      scopeLabel = `person ${person.displayName ?? person.userName}`;
      break;
    }
    case "device": {
      const device = await db.device.findFirst({ where: { id: target.id! }, select: { id: true, hostname: true, publicKey: true } });
      if (!device) throw new AppError("NOT_FOUND", "Device not found");
      direct = await db.agentIdentity.findMany({ where: { deviceId: device.id, status: { not: "revoked" } }, select: identitySelect });
      if (device.publicKey) wholeDevices.add(device.id);
      scopeLabel = `device ${device.hostname}`;
      break;
    }
    case "tenant": {
      direct = await db.agentIdentity.findMany({ where: { status: { not: "revoked" } }, select: identitySelect });
      const devices = await db.device.findMany({ where: liveDevice, select: { id: true } });
      for (const d of devices) wholeDevices.add(d.id);
      scopeLabel = "the whole tenant";
      break;
    }
  }

  // Cascade to delegated children, breadth first, remembering through whom each was reached.
  const identities: TImpactIdentity[] = direct.map((i) => ({ id: i.id, deviceId: i.deviceId, personId: i.personId, productSlug: i.productSlug, status: i.status, viaId: null, depth: 0 }));
  const seen = new Set(identities.map((i) => i.id));
  let frontier = identities.map((i) => i.id);
  for (let depth = 1; frontier.length > 0 && depth <= MAX_DELEGATION_DEPTH; depth++) {
    const children = [];
    for (let i = 0; i < frontier.length; i += CHUNK) {
      children.push(...(await db.agentIdentity.findMany({ where: { parentId: { in: frontier.slice(i, i + CHUNK) }, status: { not: "revoked" } }, select: identitySelect })));
    }
    frontier = [];
    for (const c of children) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      identities.push({ id: c.id, deviceId: c.deviceId, personId: c.personId, productSlug: c.productSlug, status: c.status, viaId: c.parentId, depth });
      frontier.push(c.id);
    }
  }

  for (const i of identities) addProductDevice(i.deviceId, i.productSlug);
  const identityIdsByDevice = new Map<string, string[]>();
  for (const i of identities) identityIdsByDevice.set(i.deviceId, [...(identityIdsByDevice.get(i.deviceId) ?? []), i.id]);

  // Only enrolled devices can be reached (an unenrolled device's identities are revoked all the same).
  const candidateIds = [...new Set([...wholeDevices, ...productDevices.keys()])];
  const live = new Set<string>();
  for (let i = 0; i < candidateIds.length; i += CHUNK) {
    for (const d of await db.device.findMany({ where: { id: { in: candidateIds.slice(i, i + CHUNK) }, ...liveDevice }, select: { id: true } })) live.add(d.id);
  }
  const devices: TImpactDevice[] = candidateIds
    .filter((id) => live.has(id))
    .map((deviceId) => ({
      deviceId,
      allAgents: wholeDevices.has(deviceId),
      productSlugs: [...(productDevices.get(deviceId) ?? [])].sort(),
      identityIds: identityIdsByDevice.get(deviceId) ?? [],
    }));
  const people = [...new Set(identities.map((i) => i.personId).filter((p): p is string => Boolean(p)))];
  if (target.type === "person") people.includes(target.id!) || people.push(target.id!);
  return { scopeLabel, identities, devices, people };
}

export function revokePayloadFor(opts: { revocationId: string; reason: string; device: TImpactDevice }): TRevokeCommandPayload {
  const { device } = opts;
  return {
    revocationId: opts.revocationId,
    reason: opts.reason,
    allAgents: device.allAgents,
    productSlugs: device.productSlugs,
    ...(device.productSlugs.length === 1 && !device.allAgents ? { productSlug: device.productSlugs[0] } : {}),
    identityIds: device.identityIds,
  };
}
