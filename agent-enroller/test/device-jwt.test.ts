import { createHash } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ZDeviceJwtClaims, ZEd25519PublicKey } from "@/server/contracts/device";
import { signDeviceJwt } from "@/agent-enroller/src/protocol/device-jwt";
import { exportPublicKeyBase64url, generateDeviceKeyPair } from "@/agent-enroller/src/protocol/device-keys";

// Verifies the way the server will: public key from the enroll request as an OKP JWK, jose's jwtVerify.
async function verifyAsServer(jwt: string, publicKey: string) {
  const key = await importJWK({ kty: "OKP", crv: "Ed25519", x: publicKey }, "EdDSA");
  return jwtVerify(jwt, key, { algorithms: ["EdDSA"], typ: "JWT" });
}

describe("signDeviceJwt", () => {
  const { privateKey } = generateDeviceKeyPair();
  const publicKey = exportPublicKeyBase64url({ key: privateKey });

  it("produces a token the server's jose verification accepts, with the contract's claims", async () => {
    const body = Buffer.from(JSON.stringify({ hello: "world" }));
    const jwt = signDeviceJwt({ deviceId: "dev_123", privateKey, method: "post", path: "/api/device/v1/checkin?x=1", body });
    expect(ZEd25519PublicKey.safeParse(publicKey).success).toBe(true);
    const { payload, protectedHeader } = await verifyAsServer(jwt, publicKey);
    expect(protectedHeader).toEqual({ alg: "EdDSA", typ: "JWT", kid: "dev_123" });
    const claims = ZDeviceJwtClaims.parse(payload);
    expect(claims.sub).toBe("dev_123");
    expect(claims.htm).toBe("POST");
    expect(claims.htu).toBe("/api/device/v1/checkin");
    expect(claims.exp - claims.iat).toBe(60);
    expect(claims.bh).toBe(createHash("sha256").update(body).digest("base64url"));
  });

  it("uses an empty body hash for bodiless requests and a fresh jti every time", async () => {
    const a = signDeviceJwt({ deviceId: "d", privateKey, method: "GET", path: "/api/device/v1/commands/stream" });
    const b = signDeviceJwt({ deviceId: "d", privateKey, method: "GET", path: "/api/device/v1/commands/stream" });
    const ca = (await verifyAsServer(a, publicKey)).payload;
    const cb = (await verifyAsServer(b, publicKey)).payload;
    expect(ca.bh).toBe("");
    expect(ca.jti).not.toBe(cb.jti);
    expect(decodeProtectedHeader(a).kid).toBe("d");
  });

  it("is refused when signed by another device's key or tampered with", async () => {
    const other = generateDeviceKeyPair().privateKey;
    const forged = signDeviceJwt({ deviceId: "dev_123", privateKey: other, method: "POST", path: "/api/device/v1/checkin" });
    await expect(verifyAsServer(forged, publicKey)).rejects.toThrow();
    const good = signDeviceJwt({ deviceId: "dev_123", privateKey, method: "POST", path: "/api/device/v1/checkin" });
    const [h, p, s] = good.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const tampered = [h, Buffer.from(JSON.stringify({ ...claims, htu: "/api/device/v1/unenroll" })).toString("base64url"), s].join(".");
    await expect(verifyAsServer(tampered, publicKey)).rejects.toThrow();
  });

  it("is expired to the server after 60 seconds", async () => {
    const jwt = signDeviceJwt({ deviceId: "d", privateKey, method: "POST", path: "/x", now: Math.floor(Date.now() / 1000) - 120 });
    await expect(verifyAsServer(jwt, publicKey)).rejects.toThrow(/exp/);
  });
});
