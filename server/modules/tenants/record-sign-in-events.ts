/**
 * Console sign-ins as events (`auth.sign_in`, `auth.sign_in_failed`) in every tenant the login
 * belongs to, so each tenant's SOC sees its people's access (OCSF Authentication in the SIEM).
 */
import { randomUUID } from "node:crypto";
import { listMembershipsOfUser } from "@/server/db/accounts";
import { recordEvents } from "../events/record-events";

export async function recordSignInEvents(opts: { userId: string; email: string; outcome: "success" | "denied"; method: "password" | "oidc"; client: string }) {
  try {
    const memberships = await listMembershipsOfUser(opts.userId);
    const time = new Date().toISOString();
    await Promise.all(
      memberships.map((m) =>
        recordEvents({
          scope: { tenantId: m.tenant.id },
          events: [
            {
              key: `signin:${randomUUID()}`,
              time,
              type: opts.outcome === "success" ? "auth.sign_in" : "auth.sign_in_failed",
              actor: { memberId: opts.userId, email: opts.email },
              intent: `sign in (${opts.method})`,
              target: "console",
              params: { method: opts.method, client: opts.client, role: m.role },
              outcome: opts.outcome === "success" ? "success" : "denied",
            },
          ],
        }),
      ),
    );
  } catch (error) {
    // Never block a sign-in on the event store; the failure is logged.
    console.error("[auth] could not record the sign-in event", (error as Error).message);
  }
}
