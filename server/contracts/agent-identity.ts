/**
 * Agent credentials on the device protocol: `POST /api/device/v1/credentials` (device-signed like every device
 * request). The device asks for a short-lived token for one agent product running for the device's owner,
 * optionally as a sub-agent delegated by another identity on the device. Pure zod, shared with the enroller.
 */
import { z } from "zod";

export const AGENT_CREDENTIALS_PATH = "/api/device/v1/credentials";

export const ZAgentCredentialRequest = z.strictObject({
  productSlug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "a catalog slug such as claude-code"),
  /** The identity that delegates to this agent (sub-agent or peer); it must be active on the same device. */
  parentIdentityId: z.string().min(1).max(64).optional(),
  installPath: z.string().max(1024).optional(),
  /** Requested lifetime in seconds (30..900; default 600). */
  lifetimeSec: z.number().int().min(30).max(900).optional(),
});
export type TAgentCredentialRequest = z.infer<typeof ZAgentCredentialRequest>;

export const ZAgentCredentialResponse = z.object({
  identityId: z.string(),
  token: z.string(),
  tokenType: z.literal("Bearer"),
  expiresAt: z.iso.datetime({ offset: true }),
  expiresIn: z.number().int(),
  issuer: z.string(),
  jwksUrl: z.string(),
});
export type TAgentCredentialResponse = z.infer<typeof ZAgentCredentialResponse>;
