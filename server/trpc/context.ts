/**
 * Who is calling: a console user (Auth.js database session cookie) or an automation client
 * (`Authorization: Bearer mk_...`, a tenant API key). Built for both the console's tRPC endpoint
 * and the REST API, which run the same procedures.
 */
import { resolveApiKeyByHash } from "@/server/db/credentials";
import { hashSecretToken } from "@/server/modules/secret-token";
import { currentUser, type TSessionUser } from "@/server/auth/session";

export type TApiKeyCaller = { id: string; tenantId: string; tenantSlug: string; scope: "read" | "admin"; name: string };

export type TContext = {
  user: TSessionUser | null;
  apiKey: TApiKeyCaller | null;
  /** The bearer credential was present but not valid (malformed, unknown or revoked). */
  badCredential: boolean;
  clientKey: string;
};

export async function createContext(opts: { headers: Headers; allowSession: boolean }): Promise<TContext> {
  const clientKey = opts.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
  const authorization = opts.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(mk_[A-Za-z0-9_-]{20,100})$/.exec(authorization.trim());
    const apiKey = match ? await resolveApiKeyByHash(hashSecretToken(match[1]!)) : null;
    return { user: null, apiKey, badCredential: !apiKey, clientKey };
  }
  const user = opts.allowSession ? await currentUser() : null;
  return { user, apiKey: null, badCredential: false, clientKey };
}
