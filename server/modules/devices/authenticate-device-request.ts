/**
 * Authenticates one device protocol request: `authorization: Device <jwt>`, a compact JWS (RFC 7515) signed
 * with the device's Ed25519 key (alg EdDSA, RFC 8037), claims as described by ZDeviceJwtClaims in
 * server/contracts/device.ts. Checks, in order: scheme and shape, the device (by `kid`) exists and is enrolled,
 * the signature against its stored public key, sub/htm/htu bind this request, iat/exp (lifetime <= 60 s, small
 * clock skew), bh = base64url(sha256(raw body bytes as received)), and jti never used before (DeviceNonce).
 * Every refusal is AppError("UNAUTHORIZED", <what was wrong>); nothing is written before the signature holds.
 * Steady state is one database round trip: the key comes from a per-node cache, and one statement both confirms
 * that key is still the device's and records the nonce (server/db/devices.ts consumeDeviceNonce).
 */
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { AppError } from "@/server/errors";
import { forTenant } from "@/server/db";
import { consumeDeviceNonce, resolveDeviceById, purgeExpiredDeviceNonces } from "@/server/db/devices";
import { DEVICE_AUTH_SCHEME, DEVICE_JWT_LIFETIME_SEC, ZDeviceJwtClaims, ZDeviceJwtHeader, type TRing } from "@/server/contracts/device";
import type { TTenantScope } from "@/server/modules/tenant-scope";

/** Accepted difference between the device's clock and ours, in seconds. */
export const DEVICE_CLOCK_SKEW_SEC = 30;

export type TAuthenticatedDevice = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  ring: TRing;
  ownerPersonId: string | null;
  hostname: string;
  /** Tenant settings as stored (checkinIntervalSec and friends), read in the same lookup. */
  tenantSettings: unknown;
  /** sha256 of the last inventory stored for the device (null before the first check-in). */
  inventoryHash: string | null;
  /** When the stored inventory was last written or confirmed (installation lastSeenAt refresh). */
  lastInventoryAt: Date | null;
};

export type TDeviceRequestAuth = { device: TAuthenticatedDevice; scope: TTenantScope };

const publicKeyCache = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 50_000;

function importPublicKey(x: string): KeyObject {
  let key = publicKeyCache.get(x);
  if (!key) {
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
    if (publicKeyCache.size >= MAX_CACHED_KEYS) publicKeyCache.clear();
    publicKeyCache.set(x, key);
  }
  return key;
}

/** deviceId → its public key, as last confirmed by the database on this node. */
const deviceKeyCache = new Map<string, string>();
const MAX_CACHED_DEVICES = 200_000;

function rememberDeviceKey(deviceId: string, publicKey: string) {
  if (deviceKeyCache.size >= MAX_CACHED_DEVICES) deviceKeyCache.delete(deviceKeyCache.keys().next().value!);
  deviceKeyCache.set(deviceId, publicKey);
}

function refuse(message: string): never {
  throw new AppError("UNAUTHORIZED", message);
}

function decodeJsonSegment(segment: string, what: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) refuse(`the device token's ${what} is not base64url`);
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return refuse(`the device token's ${what} is not JSON`);
  }
}

const tenantDbCache = new Map<string, ReturnType<typeof forTenant>>();
/** forTenant builds a client extension; devices of a tenant share one (the extension is stateless). */
function tenantDb(tenantId: string) {
  let db = tenantDbCache.get(tenantId);
  if (!db) {
    db = forTenant(tenantId);
    if (tenantDbCache.size > 10_000) tenantDbCache.clear();
    tenantDbCache.set(tenantId, db);
  }
  return db;
}

let lastNoncePurge = 0;
const NONCE_PURGE_INTERVAL_MS = 60_000;

function purgeNoncesNowAndThen() {
  const now = Date.now();
  if (now - lastNoncePurge < NONCE_PURGE_INTERVAL_MS) return;
  lastNoncePurge = now;
  purgeExpiredDeviceNonces().catch((err: unknown) => console.error("[devices] nonce purge failed", err));
}

export async function authenticateDeviceRequest(options: {
  request: Request;
  rawBody: Uint8Array;
  /** Seconds since the epoch (tests); defaults to now. */
  now?: number;
}): Promise<TDeviceRequestAuth> {
  const { request, rawBody } = options;
  const header = request.headers.get("authorization");
  if (!header) refuse(`send the request signed by the device key: authorization: ${DEVICE_AUTH_SCHEME} <jwt>`);
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (scheme !== DEVICE_AUTH_SCHEME || !token || rest.length > 0) refuse(`the authorization header must be "${DEVICE_AUTH_SCHEME} <jwt>"`);
  if (token.length > 4096) refuse("the device token is too long");
  const parts = token.split(".");
  if (parts.length !== 3) refuse("the device token is not a compact JWS (header.claims.signature)");
  const [headerB64, claimsB64, signatureB64] = parts as [string, string, string];

  const jwtHeader = ZDeviceJwtHeader.safeParse(decodeJsonSegment(headerB64, "header"));
  if (!jwtHeader.success) refuse("the device token header must be { alg: EdDSA, typ: JWT, kid: <device id> }");
  const claims = ZDeviceJwtClaims.safeParse(decodeJsonSegment(claimsB64, "claims"));
  if (!claims.success) refuse(`the device token claims are invalid (${claims.error.issues[0]?.path.join(".")}: ${claims.error.issues[0]?.message})`);
  if (!/^[A-Za-z0-9_-]+$/.test(signatureB64)) refuse("the device token signature is not base64url");

  const deviceId = jwtHeader.data.kid;
  if (deviceId.length > 100) refuse("unknown device");
  const signingInput = Buffer.from(`${headerB64}.${claimsB64}`);
  const signature = Buffer.from(signatureB64, "base64url");
  const verifiesWith = (x: string) => {
    try {
      return signature.length === 64 && verify(null, signingInput, importPublicKey(x), signature);
    } catch {
      return false;
    }
  };

  // The device's key, from this node's cache when it has it (the database confirms it below, in the same
  // statement that records the nonce, so a replaced or removed key is refused at once on every node).
  let publicKey = deviceKeyCache.get(deviceId);
  if (!publicKey || !verifiesWith(publicKey)) {
    const device = await resolveDeviceById({ deviceId });
    if (!device) refuse("unknown device: it was never enrolled here, or it was deleted; enroll it again");
    if (!device.publicKey || device.status !== "active") {
      deviceKeyCache.delete(deviceId);
      refuse("this device is unenrolled: its key was removed; enroll it again");
    }
    publicKey = device.publicKey;
    if (!verifiesWith(publicKey)) refuse("the device token signature does not match this device's key");
    rememberDeviceKey(deviceId, publicKey);
  }

  const c = claims.data;
  if (c.sub !== deviceId) refuse("the device token's sub does not match its kid");
  if (c.htm !== request.method.toUpperCase()) refuse(`the device token was made for ${c.htm}, not ${request.method}`);
  const path = new URL(request.url).pathname;
  if (c.htu !== path) refuse(`the device token was made for ${c.htu}, not ${path}`);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (c.exp - c.iat > DEVICE_JWT_LIFETIME_SEC || c.exp <= c.iat) refuse(`the device token must live at most ${DEVICE_JWT_LIFETIME_SEC} s`);
  if (c.iat > now + DEVICE_CLOCK_SKEW_SEC) refuse("the device token was issued in the future: check the device clock");
  if (c.exp + DEVICE_CLOCK_SKEW_SEC <= now) refuse("the device token has expired: check the device clock");
  const bodyHash = rawBody.length === 0 ? "" : createHash("sha256").update(rawBody).digest("base64url");
  if (c.bh !== bodyHash) refuse("the request body does not match the device token's body hash");

  // Kept until the token can no longer be accepted (exp plus the skew we allow).
  const consumed = await consumeDeviceNonce({ deviceId, publicKey, jti: c.jti, expiresAt: new Date((c.exp + DEVICE_CLOCK_SKEW_SEC) * 1000) });
  if (!consumed) {
    deviceKeyCache.delete(deviceId);
    refuse("this device was unenrolled, or enrolled again with a new key: enroll it again");
  }
  if (!consumed.fresh) refuse("replayed request: this device token was already used");
  purgeNoncesNowAndThen();
  const device = consumed.device;

  const authenticated: TAuthenticatedDevice = {
    id: device.id,
    tenantId: device.tenantId,
    tenantSlug: device.tenantSlug,
    ring: device.ring,
    ownerPersonId: device.ownerPersonId,
    hostname: device.hostname,
    tenantSettings: device.tenantSettings,
    inventoryHash: device.inventoryHash,
    lastInventoryAt: device.lastInventoryAt,
  };
  return {
    device: authenticated,
    scope: {
      db: tenantDb(device.tenantId),
      tenantId: device.tenantId,
      tenantSlug: device.tenantSlug,
      actor: { type: "device", id: device.id, label: `device ${device.hostname}` },
    },
  };
}
