/**
 * The demo tenant "Acme": an owner with a generated password and an admin API key, and a demo estate worth
 * looking at (demo/seed-demo-fleet.ts: people and groups over SCIM, twelve devices enrolled through the device
 * protocol with their agents, registry verdicts, events, usage and budgets). Created only when it does not
 * exist; the secrets are returned only when they were just created.
 */
import { randomBytes } from "node:crypto";
import { forTenant } from "@/server/db";
import { createTenantWithOwner, findUserByEmail, tenantSlugTaken } from "@/server/db/accounts";
import { hashPassword } from "@/server/auth/password";
import { appendAudit } from "@/server/modules/audit/append-audit";
import { SYSTEM_ACTOR } from "@/server/modules/audit/actor";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { createEnrollmentToken } from "@/server/modules/enrollment/create-enrollment-token";
import { seedDemoFleet, type TDemoFleetSummary } from "./demo/seed-demo-fleet";

export const DEMO_SLUG = "acme";
export const DEMO_EMAIL = "owner@acme.example";

export type TDemoCredentials = { email: string; password: string; apiKey: string; tenantSlug: string; tenantId: string; enrollCommand: string; fleet: TDemoFleetSummary | null };

export async function seedDemoTenant(): Promise<TDemoCredentials | null> {
  if (await tenantSlugTaken(DEMO_SLUG)) return null;
  if (await findUserByEmail(DEMO_EMAIL)) return null;
  const password = randomBytes(12).toString("base64url");
  const { tenant, user } = await createTenantWithOwner({
    tenant: { slug: DEMO_SLUG, name: "Acme" },
    user: { email: DEMO_EMAIL, name: "Acme Owner", passwordHash: await hashPassword(password) },
  });
  const db = forTenant(tenant.id);
  await appendAudit({ db, tenantId: tenant.id, actor: SYSTEM_ACTOR, action: "tenant.created", target: { type: "tenant", id: tenant.id }, summary: { slug: tenant.slug, name: tenant.name, demo: true } });
  const scope = { db, tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "member" as const, id: user.id, label: user.email } };
  const key = await createApiKey({ scope, name: "Demo admin key", keyScope: "admin" });
  const publicUrl = process.env.MARSHAL_PUBLIC_URL ?? "http://localhost:3000";
  const enrollment = await createEnrollmentToken({
    scope,
    publicUrl,
    input: { name: "Demo enrollment", maxUses: 100, expiresInHours: 24 * 30, ring: "dev" },
  });
  let fleet: TDemoFleetSummary | null = null;
  try {
    fleet = await seedDemoFleet({ scope, publicUrl });
  } catch (error) {
    // The console is still usable without the demo estate; say so instead of refusing to start.
    console.error(`[demo] the demo estate could not be seeded: ${(error as Error).message}`);
  }
  return { email: DEMO_EMAIL, password, apiKey: key.key, tenantSlug: tenant.slug, tenantId: tenant.id, enrollCommand: enrollment.command, fleet };
}
