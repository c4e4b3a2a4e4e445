/**
 * The device's held connection: `GET /api/device/v1/commands/stream` answers `text/event-stream` (WHATWG HTML,
 * "Server-sent events"): one event per command (`id: <command id>`, `event: command`, `data: <ZDeviceCommand
 * JSON>`), a `:ping` comment every 25 s so proxies and the device's idle timer (90 s) see life.
 * Before answering it registers the device with this node's hub (so anything committed from now on reaches it)
 * and puts every open command in the first chunk: a device that was offline, or whose server restarted
 * mid-fan-out, loses nothing. A command committed during that window may arrive twice; devices handle ids once.
 */
import type { TDeviceCommand } from "@/server/contracts/device";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { listPendingCommands } from "@/server/modules/commands/list-pending-commands";
import { deviceStreamHub } from "./device-streams";

const PING_MS = Number(process.env.MARSHAL_STREAM_PING_MS ?? 25_000);

export function formatSseCommand(command: TDeviceCommand): string {
  return `id: ${command.id}\nevent: command\ndata: ${JSON.stringify(command)}\n\n`;
}

export async function openCommandStream(opts: { scope: TTenantScope; deviceId: string; signal: AbortSignal }): Promise<Response> {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let open = true;
  const backlog: string[] = [": connected\n\n"];
  const write = (text: string) => {
    if (!open) throw new Error("stream closed");
    if (controller) controller.enqueue(encoder.encode(text));
    else backlog.push(text);
  };
  const sink = { tenantId: opts.scope.tenantId, send: (commands: TDeviceCommand[]) => write(commands.map(formatSseCommand).join("")) };
  const unregister = await deviceStreamHub().register({ deviceId: opts.deviceId, sink });
  let ping: NodeJS.Timeout | undefined;
  const cleanup = () => {
    if (!open) return;
    open = false;
    clearInterval(ping);
    unregister();
    try {
      controller?.close();
    } catch {
      /* already closed */
    }
  };
  opts.signal.addEventListener("abort", cleanup, { once: true });
  try {
    const pending = await listPendingCommands({ scope: opts.scope, deviceId: opts.deviceId });
    if (pending.length > 0) sink.send(pending);
  } catch (err) {
    cleanup();
    throw err;
  }
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
      for (const text of backlog.splice(0)) c.enqueue(encoder.encode(text));
      ping = setInterval(() => {
        try {
          write(":ping\n\n");
        } catch {
          cleanup();
        }
      }, PING_MS);
      if (!open) cleanup();
    },
    cancel: () => cleanup(),
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
