/**
 * Killing the delivering process mid-export and restarting it neither loses nor duplicates an
 * event at a receiver that de-duplicates on the event id (the guarantee: at-least-once on the
 * wire, cursor advanced only after the receiver's acknowledgement, event id in every payload).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestTenant } from "@/test/support/tenants";
import { recordEvents } from "../record-events";
import { createEventSink, getEventSink } from "./manage-event-sinks";
import { startHttpServer } from "../transports/loopback-servers";

const WORKER = path.join(import.meta.dirname, "__fixtures__/delivery-worker.ts");
const ROOT = path.resolve(import.meta.dirname, "../../../..");

function startWorker(sinkId: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", WORKER, sinkId, "10"], { cwd: ROOT, env: process.env, stdio: ["ignore", "inherit", "inherit"] });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

describe("SIEM delivery across a crash", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it("SIGKILL mid-batch, restart: every event reaches the receiver, exactly once after de-duplication by id", async () => {
    const { scope } = await createTestTenant("Crash");
    const receipts: string[][] = [];
    let hangOn = 3; // the 3rd request is received but never answered: the worker dies waiting for the ack
    let onHang: () => void = () => {};
    const hung = new Promise<void>((resolve) => (onHang = resolve));
    const receiver = await startHttpServer((request) => {
      const ids = (JSON.parse(request.body) as { events: { event: { id: string } }[] }).events.map((e) => e.event.id);
      receipts.push(ids);
      if (receipts.length === hangOn) {
        onHang();
        return "hang";
      }
      return { status: 200 };
    });
    closers.push(receiver.close);
    const sink = await createEventSink({ scope, input: { name: "crash", format: "ecs", transport: "webhook", config: { url: receiver.url }, secret: "crash-test-secret-0123456789", eventTypes: ["agent.tool_call"] } }); // the tenant's own admin.action events (audit export) stay out of the count
    const time = new Date(Date.now() - 60_000).toISOString();
    const { ids } = await recordEvents({ scope, events: Array.from({ length: 95 }, (_, i) => ({ key: `c${i}`, type: "agent.tool_call" as const, time, intent: "Bash" })) });
    const all = Object.values(ids).sort();
    expect(all).toHaveLength(95);

    const first = startWorker(sink.id);
    await hung;
    first.kill("SIGKILL");
    expect(await exited(first)).toBe(null); // killed by the signal, not a clean exit
    const beforeRestart = receipts.flat();
    expect(beforeRestart).toHaveLength(30); // 2 acknowledged batches + the one in flight
    expect((await getEventSink({ scope, id: sink.id })).backlog).toBe(75); // only acknowledged batches left the backlog

    hangOn = -1;
    const second = startWorker(sink.id);
    expect(await exited(second)).toBe(0);

    const received = receipts.flat();
    const unique = new Set(received);
    expect([...unique].sort()).toEqual(all); // nothing lost
    // The only repeats on the wire are the batch that was in flight when the process died.
    const repeats = received.filter((id, i) => received.indexOf(id) !== i).sort();
    expect(repeats).toEqual([...receipts[2]!].sort());
    expect((await getEventSink({ scope, id: sink.id })).backlog).toBe(0);
  }, 120_000);
});
