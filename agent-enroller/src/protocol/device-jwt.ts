/**
 * The short-lived request token every device call after enrollment carries (`authorization: Device <jwt>`):
 * a compact JWS (RFC 7515) with alg EdDSA (RFC 8037), signed with node:crypto, binding method, path and body.
 * Claims are described by ZDeviceJwtClaims in server/contracts/device.ts.
 */
import { createHash, randomBytes, sign, type KeyObject } from "node:crypto";
import { DEVICE_AUTH_SCHEME, DEVICE_JWT_LIFETIME_SEC, type TDeviceJwtClaims, type TDeviceJwtHeader } from "../../../server/contracts/device";

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export function hashBody(options: { body: Uint8Array | null | undefined }): string {
  if (!options.body || options.body.length === 0) return "";
  return createHash("sha256").update(options.body).digest("base64url");
}

export function signDeviceJwt(options: {
  deviceId: string;
  privateKey: KeyObject;
  method: string;
  /** Request path; any query string is ignored. */
  path: string;
  /** Body bytes exactly as sent (after gzip if compressed); null/undefined for none. */
  body?: Uint8Array | null;
  /** Seconds since the epoch; defaults to now. */
  now?: number;
}): string {
  const iat = options.now ?? Math.floor(Date.now() / 1000);
  const header: TDeviceJwtHeader = { alg: "EdDSA", typ: "JWT", kid: options.deviceId };
  const claims: TDeviceJwtClaims = {
    sub: options.deviceId,
    htm: options.method.toUpperCase(),
    htu: options.path.split("?")[0]!,
    iat,
    exp: iat + DEVICE_JWT_LIFETIME_SEC,
    jti: randomBytes(16).toString("base64url"),
    bh: hashBody({ body: options.body }),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign(null, Buffer.from(signingInput), options.privateKey);
  return `${signingInput}.${b64url(signature)}`;
}

export function deviceAuthorization(options: Parameters<typeof signDeviceJwt>[0]): string {
  return `${DEVICE_AUTH_SCHEME} ${signDeviceJwt(options)}`;
}
