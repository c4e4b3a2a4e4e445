import { listPublishedSigningKeysBySlug } from "@/server/db/identities";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The tenant's JSON Web Key Set (RFC 7517 section 5): every key whose tokens may still be live, so any internal
 * system can verify agent tokens. Verifiers should refetch on an unknown `kid` (keys rotate).
 */
export async function GET(_request: Request, context: { params: Promise<{ tenantSlug: string }> }): Promise<Response> {
  const { tenantSlug } = await context.params;
  if (!/^[a-z0-9-]{1,64}$/.test(tenantSlug)) return Response.json({ error: { code: "NOT_FOUND", message: "Unknown tenant" } }, { status: 404 });
  const found = await listPublishedSigningKeysBySlug({ tenantSlug });
  if (!found) return Response.json({ error: { code: "NOT_FOUND", message: "Unknown tenant" } }, { status: 404 });
  return Response.json({ keys: found.keys.map((k) => k.publicJwk) }, { headers: { "cache-control": "public, max-age=60", "content-type": "application/jwk-set+json" } });
}
