/**
 * Two console nodes (two processes running the real route handlers) on one database: a revocation issued
 * through node A reaches, at once, a device whose command stream is held by node B (LISTEN/NOTIFY), and a
 * command committed without any NOTIFY (a node that died between commit and fan-out) still reaches it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { createCommandHandlers, createDeviceClient, dispatchCommand, type TCommandStream } from "@/agent-enroller/src/index";
import { createScanContext } from "@/agent-enroller/src/discovery/scan-context";
import type { TDeviceCommand } from "@/server/contracts/device";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { enqueueDeviceCommands } from "@/server/modules/commands/enqueue-device-commands";
import { getRevocation } from "@/server/modules/revocations/get-revocation";
import { addDevice, addIdentity, addPerson } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createTestTenant } from "@/test/support/tenants";

const root = path.resolve(import.meta.dirname, "../..");

function startNode(name: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ["--import", "tsx", "server/realtime/test-support/route-node.ts"], {
    cwd: root,
    env: { ...process.env, MARSHAL_COMMAND_SWEEP_MS: "300" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  proc.stderr!.on("data", (c: Buffer) => (errors += c.toString()));
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.on("exit", (code) => reject(new Error(`node ${name} exited (${code}): ${errors.slice(-2000)}`)));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("two console nodes on one database", () => {
  let a: { url: string; proc: ChildProcess };
  let b: { url: string; proc: ChildProcess };
  beforeAll(async () => {
    [a, b] = await Promise.all([startNode("A"), startNode("B")]);
  }, 120_000);
  afterAll(() => {
    a?.proc.kill("SIGTERM");
    b?.proc.kill("SIGTERM");
  });

  it("a revocation issued on node A reaches a device connected to node B, which proves the stop", async () => {
    const { scope } = await createTestTenant("TwoNode");
    const person = await addPerson({ scope });
    const device = await addDevice({ scope, ownerPersonId: person.id });
    const identity = await addIdentity({ scope, deviceId: device.id, personId: person.id, productSlug: "claude-code" });
    const key = await createApiKey({ scope, name: "soar", keyScope: "admin" });

    const client = createDeviceClient({ serverUrl: b.url, deviceId: device.id, privateKey: device.privateKey });
    const emptyHome = mkdtempSync(path.join(os.tmpdir(), "marshal-2node-"));
    const env = { client, scan: { ctx: createScanContext({ env: { HOME: emptyHome, PATH: "/nonexistent" } }) }, requestCheckin: () => {}, requestUnenroll: () => {} };
    const handlers = createCommandHandlers();
    const got: TDeviceCommand[] = [];
    let connected = false;
    const stream: TCommandStream = client.openCommandStream({
      onConnect: () => (connected = true),
      onCommand: async (c) => {
        got.push(c);
        await dispatchCommand({ command: c, handlers, env });
      },
    });
    try {
      await waitFor("stream on node B", () => connected);
      const res = await fetch(`${a.url}/api/trpc/revocations.create`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize({ scopeType: "identity", scopeId: identity.id, reason: "issued on node A" })),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const created = superjson.deserialize<{ id: string }>(((await res.json()) as { result: { data: never } }).result.data);
      const detail = await waitFor("device proven stopped", async () => {
        const r = await getRevocation({ scope, id: created.id });
        return r.targets[0]?.status === "stopped" ? r : null;
      });
      expect(got.map((c) => c.type)).toEqual(["revoke"]);
      expect(detail.targets[0]!.proof).toMatchObject({ runningBefore: [], runningAfter: [] });

      // Node A "dies" between commit and NOTIFY: rows committed, never published. Node B's sweeper sends it.
      const queued = await scope.db.$transaction((tx) => enqueueDeviceCommands({ scope, tx, commands: [{ deviceId: device.id, type: "rescan" }] }));
      await waitFor("the unpublished command", () => got.some((c) => c.id === queued[0]!.id));
    } finally {
      stream.close();
      await stream.closed;
    }
  });
});
