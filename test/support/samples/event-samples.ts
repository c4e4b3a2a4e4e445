/**
 * Cross-tenant samples for events.* and eventSinks.*: events recorded through recordEvents, a saved search, and a
 * webhook sink whose loopback receiver refused a batch for good (so the sink has a real dead letter) plus a replay.
 */
import { recordEvents } from "@/server/modules/events/record-events";
import { createSavedEventSearch } from "@/server/modules/events/saved-event-searches";
import { createEventSink, createSinkReplay, listSinkDeadLetters } from "@/server/modules/events/sinks/manage-event-sinks";
import { deliverSinkBacklog } from "@/server/modules/events/sinks/deliver-sink-batch";
import { startHttpServer } from "@/server/modules/events/transports/loopback-servers";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { uniqueSuffix } from "../tenants";

const SINK_SECRET = "whsec-victim-0123456789abcdef";

export async function eventSamples(opts: { scope: TTenantScope; device: { id: string; hostname: string } }): Promise<Record<string, Record<string, unknown>>> {
  const { scope, device } = opts;
  const time = new Date(Date.now() - 5 * 60_000).toISOString();
  const key = `victim-tool-call-${uniqueSuffix()}`;
  const draft = { type: "agent.tool_call", intent: "Bash", target: "/repo/victim", outcome: "allowed", device: { id: device.id, hostname: device.hostname }, time } as const;

  // A sink created before the events, so the events are its backlog; its receiver answers 400 (a permanent refusal).
  const receiver = await startHttpServer(() => ({ status: 400, body: "refused" }));
  let deadLetterId: string;
  let sinkId: string;
  let recorded: Awaited<ReturnType<typeof recordEvents>>;
  try {
    const sink = await createEventSink({ scope, input: { name: "victim siem", format: "ocsf", transport: "webhook", config: { url: receiver.url }, secret: SINK_SECRET } });
    sinkId = sink.id;
    recorded = await recordEvents({ scope, events: [{ ...draft, key }, { ...draft, key: `${key}-2`, outcome: "denied" }] });
    await deliverSinkBacklog({ sinkId: sink.id });
    const dead = await listSinkDeadLetters({ scope, sinkId: sink.id });
    if (!dead[0]) throw new Error("sample setup: the refused batch was not dead-lettered");
    deadLetterId = dead[0].id;
  } finally {
    await receiver.close();
  }
  const eventId = recorded.ids[key];
  if (!eventId) throw new Error("sample setup: the recorded event is missing");
  const replay = await createSinkReplay({ scope, sinkId, from: new Date(Date.now() - 3600_000).toISOString(), to: new Date().toISOString() });
  const saved = await createSavedEventSearch({ scope, name: "victim denials", query: { text: "outcome:denied", range: "24h" } });

  const range = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
  return {
    "events.search": { filter: { deviceId: device.id, ...range }, limit: 10 },
    "events.count": { filter: { deviceId: device.id } },
    "events.histogram": { query: `type:agent.tool_call host:${device.hostname}`, buckets: 10 },
    "events.get": { id: eventId },
    "events.catalog": {},
    "events.savedSearches": {},
    "events.saveSearch": { name: "intruder", query: { text: "x" } },
    "events.deleteSearch": { id: saved.id },
    "eventSinks.list": {},
    "eventSinks.get": { id: sinkId },
    "eventSinks.create": { name: "intruder", format: "ecs", transport: "webhook", config: { url: "http://127.0.0.1:9/intruder" }, secret: SINK_SECRET },
    "eventSinks.update": { id: sinkId, name: "intruder", config: { url: "http://127.0.0.1:9/intruder" } },
    "eventSinks.delete": { id: sinkId },
    "eventSinks.test": { id: sinkId },
    "eventSinks.deadLetters": { sinkId },
    "eventSinks.replayDeadLetter": { id: deadLetterId },
    "eventSinks.replay": { id: sinkId, ...range },
    "eventSinks.replays": { id: replay.sinkId },
  };
}
