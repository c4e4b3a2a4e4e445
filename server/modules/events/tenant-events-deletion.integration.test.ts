/** Event has no foreign key to Tenant (ingest speed); deleting a tenant must still delete its events, and only its. */
import { describe, expect, it } from "vitest";
import { rootDb } from "@/server/db/client";
import { eventsPool } from "@/server/db/events";
import { createTestTenant } from "@/test/support/tenants";
import { recordEvents } from "./record-events";

const countFor = async (tenantId: string) =>
  Number((await eventsPool().query<{ n: string }>(`SELECT count(*) AS n FROM "Event" WHERE "tenantId" = $1`, [tenantId])).rows[0]!.n);

describe("deleting a tenant", () => {
  it("removes its events and leaves other tenants' events alone", async () => {
    const a = await createTestTenant("DelA");
    const b = await createTestTenant("DelB");
    const events = [0, 1, 2].map((i) => ({ key: `k${i}`, type: "agent.tool_call" as const, intent: "Bash" }));
    await recordEvents({ scope: a.scope, events });
    await recordEvents({ scope: b.scope, events });
    expect(await countFor(a.tenant.id)).toBe(3);

    await rootDb().tenant.delete({ where: { id: a.tenant.id } });
    expect(await countFor(a.tenant.id)).toBe(0);
    expect(await countFor(b.tenant.id)).toBe(3);
  });
});
