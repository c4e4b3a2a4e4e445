/**
 * Regression (registry-propagation bench, 50 devices enrolling/checking in at once): when every pooled
 * connection is busy, Prisma gives up starting a transaction (P2028). The device API answered that with a 500;
 * it is overload, so the device gets 503 + Retry-After and retries (agent-enroller retries 5xx).
 * A real exhausted pool: a client with ONE connection, held by a transaction, and a second transaction that
 * may wait 50 ms for it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { toDeviceErrorResponse } from "@/server/http/device-route";

const tiny = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 1 }) });
afterAll(() => tiny.$disconnect());

describe("device API under an exhausted connection pool", () => {
  it("answers 503 with Retry-After (not 500) when a transaction cannot get a connection in time", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holder = tiny.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await held;
    }, { maxWait: 5_000, timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 100)); // the holder has the only connection
    const second = tiny.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 50 }).then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300)); // longer than the second one may wait
    release();
    await holder;
    const error = await second;
    expect((error as { code?: string } | null)?.code).toBe("P2028");

    const response = toDeviceErrorResponse({ error, path: "/api/device/v1/enroll" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({ error: { code: "UNAVAILABLE", message: "The server is busy; retry shortly" } });
  });
});
