/** The device's Ed25519 identity: generated on the device, private half never leaves it. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

export type TDeviceKeyPair = { privateKey: KeyObject; publicKey: KeyObject };

export function generateDeviceKeyPair(): TDeviceKeyPair {
  return generateKeyPairSync("ed25519");
}

/** base64url of the raw 32-byte public key (the JWK `x` member, RFC 8037), as ZEnrollRequest.publicKey wants. */
export function exportPublicKeyBase64url(options: { key: KeyObject }): string {
  const pub = options.key.type === "private" ? createPublicKey(options.key) : options.key;
  const jwk = pub.export({ format: "jwk" });
  if (jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new Error("not an Ed25519 key");
  return jwk.x;
}

export function exportPrivateKeyPem(options: { key: KeyObject }): string {
  return options.key.export({ format: "pem", type: "pkcs8" }).toString();
}

export function importPrivateKeyPem(options: { pem: string }): KeyObject {
  const key = createPrivateKey(options.pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`device key must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}
