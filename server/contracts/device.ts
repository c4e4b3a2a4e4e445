/**
 * The device protocol (`/api/device/v1`): every message between an enrolled endpoint and the console.
 * Validated on both ends. Pure zod: no node, next or prisma imports.
 *
 * Authentication of every request after enrollment: `authorization: Device <jwt>` where the JWT is a compact
 * JWS signed with the device's Ed25519 key (RFC 8037 `EdDSA`), header `{ alg: "EdDSA", typ: "JWT", kid: deviceId }`
 * and claims `ZDeviceJwtClaims`. To verify: look up the device by `kid`, import its public key
 * (`{ kty: "OKP", crv: "Ed25519", x: publicKey }` as a JWK), check the signature, `sub === kid`, `htm`/`htu`
 * equal the request method and path (no query), `iat <= now + skew`, `exp > now`, `exp - iat <= 60`,
 * `jti` not seen before within its lifetime, and `bh` equal to base64url(sha256(body bytes as received on the
 * wire, i.e. after any content-encoding such as gzip)) or "" when there is no body.
 */
import { z } from "zod";
import { ZAttestations } from "./attestation";
import { ZInventory } from "./inventory";

export const DEVICE_API_BASE = "/api/device/v1";
export const DEVICE_AUTH_SCHEME = "Device";
export const DEVICE_JWT_LIFETIME_SEC = 60;
export const MAX_EVENTS_PER_BATCH = 1000;

export const deviceApiPaths = {
  enroll: `${DEVICE_API_BASE}/enroll`,
  checkin: `${DEVICE_API_BASE}/checkin`,
  commandStream: `${DEVICE_API_BASE}/commands/stream`,
  commandAck: (commandId: string) => `${DEVICE_API_BASE}/commands/${encodeURIComponent(commandId)}/ack`,
  events: `${DEVICE_API_BASE}/events`,
  unenroll: `${DEVICE_API_BASE}/unenroll`,
} as const;

export const ZDeviceOs = z.enum(["linux", "darwin", "windows"]);
export type TDeviceOs = z.infer<typeof ZDeviceOs>;

export const ZRing = z.enum(["dev", "staging", "prod"]);
export type TRing = z.infer<typeof ZRing>;

/** base64url (no padding) of the raw 32-byte Ed25519 public key: exactly 43 characters. */
export const ZEd25519PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "base64url of a 32-byte Ed25519 public key");

export const ZIsoTime = z.iso.datetime({ offset: true });

export const ZEnrollRequest = z.strictObject({
  token: z.string().min(1).max(512),
  publicKey: ZEd25519PublicKey,
  /** Stable per machine: /etc/machine-id, IOPlatformUUID, MachineGuid, or a random UUID persisted by the enroller. */
  machineId: z.string().min(1).max(256),
  hostname: z.string().min(1).max(255),
  os: ZDeviceOs,
  osVersion: z.string().max(200),
  arch: z.string().min(1).max(50),
  username: z.string().max(256),
  enrollerVersion: z.string().min(1).max(50),
});
export type TEnrollRequest = z.infer<typeof ZEnrollRequest>;

export const ZEnrollResponse = z.object({
  deviceId: z.string().min(1),
  tenantSlug: z.string().min(1),
  ring: ZRing,
  checkinIntervalSec: z.number().int().positive(),
  serverTime: ZIsoTime,
});
export type TEnrollResponse = z.infer<typeof ZEnrollResponse>;

export const ZDeviceJwtHeader = z.object({
  alg: z.literal("EdDSA"),
  typ: z.literal("JWT"),
  kid: z.string().min(1),
});
export type TDeviceJwtHeader = z.infer<typeof ZDeviceJwtHeader>;

export const ZDeviceJwtClaims = z.object({
  /** The device id; equals the header `kid`. */
  sub: z.string().min(1),
  /** HTTP method, upper case. */
  htm: z.string().regex(/^[A-Z]+$/),
  /** Request path without query string, e.g. /api/device/v1/checkin. */
  htu: z.string().startsWith("/"),
  iat: z.number().int(),
  exp: z.number().int(),
  /** 128 random bits, base64url: the replay-protection nonce. */
  jti: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  /** base64url(sha256(body bytes as sent)), or "" when the request has no body. */
  bh: z.union([z.literal(""), z.string().regex(/^[A-Za-z0-9_-]{43}$/)]),
});
export type TDeviceJwtClaims = z.infer<typeof ZDeviceJwtClaims>;

/** Command types grow over time: a device acks unknown ones as "failed" instead of rejecting the stream. */
/** `restore` lifts a revocation on the device (payload `{ revocationId }`): its credential lock is released. */
export const deviceCommandTypes = ["revoke", "restore", "apply-policy", "rescan", "unenroll", "rotate-key"] as const;
export const ZDeviceCommandType = z.enum(deviceCommandTypes);
export type TDeviceCommandType = z.infer<typeof ZDeviceCommandType>;

export const ZDeviceCommand = z.object({
  id: z.string().min(1),
  /** One of `deviceCommandTypes` today; kept a string on the wire so an older device can ack a newer type. */
  type: z.string().min(1),
  payload: z.unknown(),
  createdAt: ZIsoTime,
});
export type TDeviceCommand = z.infer<typeof ZDeviceCommand>;

export const ZCommandAckStatus = z.enum(["delivered", "succeeded", "failed"]);
export type TCommandAckStatus = z.infer<typeof ZCommandAckStatus>;

export const ZCommandAckRequest = z.strictObject({
  status: ZCommandAckStatus,
  detail: z.unknown().optional(),
});
export type TCommandAckRequest = z.infer<typeof ZCommandAckRequest>;

export const ZCheckinRequest = z.strictObject({
  enrollerVersion: z.string().min(1).max(50),
  inventory: ZInventory,
  /** Per agent product: is the policy actually in force here (server/contracts/attestation.ts). */
  attestations: ZAttestations.optional(),
  /** Events waiting in the device's on-disk spool. */
  bufferedEvents: z.number().int().nonnegative().optional(),
});
export type TCheckinRequest = z.infer<typeof ZCheckinRequest>;

export const ZCheckinResponse = z.object({
  checkinIntervalSec: z.number().int().positive(),
  policyVersion: z.string().nullable(),
  commands: z.array(ZDeviceCommand),
  serverTime: ZIsoTime,
});
export type TCheckinResponse = z.infer<typeof ZCheckinResponse>;

/**
 * One device-side event. Deliberately loose: the events engineer owns the catalog of types and fields.
 * `key` is the idempotency key (a UUID) so a retried batch never duplicates.
 */
export const ZDeviceEvent = z.looseObject({
  key: z.uuid(),
  time: ZIsoTime,
  type: z.string().min(1).max(200),
  outcome: z.string().max(50).optional(),
  target: z.unknown().optional(),
  intent: z.string().max(2000).optional(),
  params: z.unknown().optional(),
  installationRef: z.unknown().optional(),
});
export type TDeviceEvent = z.infer<typeof ZDeviceEvent>;

export const ZEventsRequest = z.strictObject({
  events: z.array(ZDeviceEvent).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type TEventsRequest = z.infer<typeof ZEventsRequest>;

export const ZEventsResponse = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type TEventsResponse = z.infer<typeof ZEventsResponse>;

export const ZEmptyResponse = z.object({});

export const ZDeviceApiError = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type TDeviceApiError = z.infer<typeof ZDeviceApiError>;
