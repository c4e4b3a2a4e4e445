/**
 * Done-when: a real `claude` process on an enrolled device (holding its command stream through the real route
 * handlers) is ended by `POST /api/v1/revocations`, and the revocation shows the device as stopped with proof.
 * Plus the device-side bad input: acks for commands the device never got.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommandHandlers, createDeviceClient, dispatchCommand, type TCommandStream } from "@/agent-enroller/src/index";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import type { TDeviceCommand } from "@/server/contracts/device";
import { enqueueDeviceCommands } from "@/server/modules/commands/enqueue-device-commands";
import { installRealAgent } from "@/test/support/real-agents";
import { createTestTenant } from "@/test/support/tenants";
import { handleRestRequest } from "@/server/http/rest-api";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { startRouteServer } from "@/server/realtime/test-support/route-server";
import { getRevocation } from "./get-revocation";
import { addDevice, addIdentity, addPerson } from "./test-support/kill-switch-fixtures";

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("kill switch, end to end on one node", () => {
  let server: Awaited<ReturnType<typeof startRouteServer>>;
  beforeAll(async () => {
    server = await startRouteServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("ends a real claude process on an enrolled device and records the device as stopped with proof", async () => {
    const claude = installRealAgent("claude");
    const home = mkdtempSync(path.join(os.tmpdir(), "marshal-ks-"));
    const { scope } = await createTestTenant("Done");
    const person = await addPerson({ scope, name: "Dana" });
    const device = await addDevice({ scope, ownerPersonId: person.id });
    const identity = await addIdentity({ scope, deviceId: device.id, personId: person.id, productSlug: "claude-code" });
    const key = await createApiKey({ scope, name: "soar", keyScope: "admin" });

    const proc = spawn(claude.binPath, ["mcp", "serve"], { env: { ...process.env, HOME: home }, stdio: ["pipe", "ignore", "ignore"] });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) => proc.on("exit", (code, signal) => r({ code, signal })));
    let stream: TCommandStream | undefined;
    try {
      const client = createDeviceClient({ serverUrl: server.url, deviceId: device.id, privateKey: device.privateKey });
      const env = {
        client,
        scan: { ctx: createScanContext({ env: { HOME: home, PATH: `${path.join(claude.prefix, "bin")}:/usr/bin:/bin` } }) },
        requestCheckin: () => {},
        requestUnenroll: () => {},
      };
      const handlers = createCommandHandlers();
      const received: TDeviceCommand[] = [];
      let connected = false;
      stream = client.openCommandStream({
        onConnect: () => (connected = true),
        onCommand: async (command) => {
          received.push(command);
          await dispatchCommand({ command, handlers, env });
        },
      });
      await waitFor("the command stream", async () => connected);

      const started = Date.now();
      const res = await handleRestRequest(
        new Request("http://localhost/api/v1/revocations", {
          method: "POST",
          headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
          body: JSON.stringify({ scopeType: "identity", scopeId: identity.id, reason: "SOAR playbook: credential leak" }),
        }),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const created = (await res.json()) as { id: string; devicesTargeted: number };
      expect(created.devicesTargeted).toBe(1);

      const detail = await waitFor("the device to be proven stopped", async () => {
        const r = await getRevocation({ scope, id: created.id });
        return r.targets[0]?.status === "stopped" || r.targets[0]?.status === "failed" ? r : null;
      });
      const elapsed = Date.now() - started;
      const t = detail.targets[0]!;
      console.log(`[kill-switch] click -> proven stopped ${elapsed} ms; commit -> delivered ${t.deliveredAt!.getTime() - detail.createdAt.getTime()} ms, -> stopped ${t.completedAt!.getTime() - detail.createdAt.getTime()} ms`);
      expect(detail.targets[0], JSON.stringify(detail.targets[0])).toMatchObject({ deviceId: device.id, status: "stopped", failReason: null });
      const proof = detail.targets[0]!.proof as { runningBefore: number[]; terminated: number[]; runningAfter: number[] };
      expect(proof.runningBefore).toContain(proc.pid);
      expect(proof.terminated).toContain(proc.pid);
      expect(proof.runningAfter).toEqual([]);
      expect(detail.progress).toMatchObject({ total: 1, stopped: 1 });
      expect(detail.targets[0]!.deliveredAt).not.toBeNull();
      const end = await exited;
      expect(end.signal !== null || end.code !== null).toBe(true);
      expect(received.map((c) => c.type)).toEqual(["revoke"]);
    } finally {
      stream?.close();
      await stream?.closed;
      proc.kill("SIGKILL");
    }
  });

  it("sends commands queued while the device was offline as soon as it connects", async () => {
    const { scope } = await createTestTenant("Offline");
    const device = await addDevice({ scope });
    const [queued] = await enqueueDeviceCommands({ scope, commands: [{ deviceId: device.id, type: "rescan", payload: {} }] });
    const client = createDeviceClient({ serverUrl: server.url, deviceId: device.id, privateKey: device.privateKey });
    const got: string[] = [];
    const stream = client.openCommandStream({ onCommand: (c) => void got.push(c.id) });
    try {
      await waitFor("the queued command", async () => got.includes(queued!.id));
      await client.ack({ commandId: queued!.id, status: "succeeded", detail: { ok: true } });
      const row = await scope.db.deviceCommand.findFirstOrThrow({ where: { id: queued!.id } });
      expect(row).toMatchObject({ status: "succeeded", detail: { ok: true } });
    } finally {
      stream.close();
      await stream.closed;
    }
  });

  it("refuses acks for commands the device never got, and changes nothing", async () => {
    const { scope } = await createTestTenant("Acks");
    const mine = await addDevice({ scope });
    const other = await addDevice({ scope });
    const [othersCommand] = await enqueueDeviceCommands({ scope, commands: [{ deviceId: other.id, type: "rescan" }] });
    const [unsent] = await enqueueDeviceCommands({ scope, commands: [{ deviceId: mine.id, type: "rescan" }] });
    const client = createDeviceClient({ serverUrl: server.url, deviceId: mine.id, privateKey: mine.privateKey });
    await expect(client.ack({ commandId: othersCommand!.id, status: "succeeded" })).rejects.toMatchObject({ status: 404 });
    await expect(client.ack({ commandId: "c_made_up_123", status: "succeeded" })).rejects.toMatchObject({ status: 404 });
    await expect(client.ack({ commandId: unsent!.id, status: "succeeded" })).rejects.toMatchObject({ status: 409 });
    const rows = await scope.db.deviceCommand.findMany({ where: { id: { in: [othersCommand!.id, unsent!.id] } } });
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending"]);
    // A bad status is a 400 from the contract, not a 500.
    const res = await fetch(`${server.url}/api/device/v1/commands/${unsent!.id}/ack`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
  });
});
