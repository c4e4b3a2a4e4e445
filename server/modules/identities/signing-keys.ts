/**
 * Per-tenant token-signing keys: Ed25519 (JWS alg EdDSA, RFC 8037). The private key is stored as PKCS#8,
 * envelope-encrypted (server/modules/secrets/envelope-encryption.ts) and bound to its tenant and kid; only this
 * file decrypts it. Rotation retires the active key and creates a new one; the retired key stays published in the
 * JWKS until `publishUntil` (after every token it signed has expired).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { decryptSecret, encryptSecret, processKek } from "../secrets/envelope-encryption";
import { AGENT_TOKEN_ALG, KEY_PUBLISH_GRACE_SEC } from "./agent-token-claims";

export type TPublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" };

function keyAad(opts: { tenantId: string; kid: string }) {
  return `signing-key:${opts.tenantId}:${opts.kid}`;
}

const cache = globalThis as unknown as { __marshalSigningKeys?: Map<string, { kid: string; privateKey: KeyObject; at: number }> };
const ACTIVE_KEY_CACHE_MS = 30_000;

function newKeyRow(opts: { tenantId: string }) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const kid = `k_${randomBytes(12).toString("base64url")}`;
  const jwk = publicKey.export({ format: "jwk" }) as { x: string };
  const publicJwk: TPublicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x, kid, alg: "EdDSA", use: "sig" };
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  const privateKeyEnc = encryptSecret({ plaintext: pkcs8, kek: processKek(), aad: keyAad({ tenantId: opts.tenantId, kid }) });
  return { id: kid, tenantId: opts.tenantId, alg: AGENT_TOKEN_ALG, publicJwk, privateKeyEnc, privateKey };
}

/** The tenant's active signing key (created on first use), decrypted, cached per process for a short while. */
export async function activeSigningKey(opts: { scope: TTenantScope }): Promise<{ kid: string; privateKey: KeyObject }> {
  const { db, tenantId } = opts.scope;
  cache.__marshalSigningKeys ??= new Map();
  const hit = cache.__marshalSigningKeys.get(tenantId);
  if (hit && Date.now() - hit.at < ACTIVE_KEY_CACHE_MS) return hit;
  let row = await db.agentSigningKey.findFirst({ where: { status: "active" }, orderBy: { createdAt: "desc" } });
  if (!row) {
    const fresh = newKeyRow({ tenantId });
    row = await db.$transaction(async (tx) => {
      await tx.tenant.update({ where: { id: tenantId }, data: { auditSeq: { increment: 0 } } }); // one creator per tenant
      const again = await tx.agentSigningKey.findFirst({ where: { status: "active" } });
      if (again) return again;
      const { privateKey: _unused, ...data } = fresh;
      return tx.agentSigningKey.create({ data: { ...data, publicJwk: data.publicJwk as object } });
    });
  }
  const der = decryptSecret({ ciphertext: row.privateKeyEnc, kek: processKek(), aad: keyAad({ tenantId, kid: row.id }) });
  const entry = { kid: row.id, privateKey: createPrivateKey({ key: der, format: "der", type: "pkcs8" }), at: Date.now() };
  der.fill(0);
  cache.__marshalSigningKeys.set(tenantId, entry);
  return entry;
}

/** Retires the active key (kept published for KEY_PUBLISH_GRACE_SEC) and makes a new one. Audited. */
export async function rotateSigningKey(opts: { scope: TTenantScope }) {
  const { db, tenantId, actor } = opts.scope;
  const fresh = newKeyRow({ tenantId });
  const result = await db.$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: tenantId }, data: { auditSeq: { increment: 0 } } });
    const now = new Date();
    const retired = await tx.agentSigningKey.findMany({ where: { status: "active" }, select: { id: true } });
    if (retired.length) {
      await tx.agentSigningKey.updateMany({
        where: { id: { in: retired.map((r) => r.id) } },
        data: { status: "retired", retiredAt: now, publishUntil: new Date(now.getTime() + KEY_PUBLISH_GRACE_SEC * 1000) },
      });
    }
    const { privateKey: _unused, ...data } = fresh;
    const created = await tx.agentSigningKey.create({ data: { ...data, publicJwk: data.publicJwk as object } });
    await appendAudit({ db: tx, tenantId, actor, action: "signing_key.rotated", target: { type: "signing_key", id: created.id }, summary: { retired: retired.map((r) => r.id) } });
    return { kid: created.id, retired: retired.map((r) => r.id), createdAt: created.createdAt };
  });
  cache.__marshalSigningKeys?.delete(tenantId);
  return result;
}

/** Published keys: the active one(s) and retired ones whose tokens may still be live. */
export function isPublished(row: { status: string; publishUntil: Date | null }, now = new Date()): boolean {
  return row.status === "active" || (row.publishUntil !== null && row.publishUntil > now);
}

export function publicKeyFromJwk(jwk: TPublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
}
