/**
 * The device's held connection: `GET /api/device/v1/commands/stream` answers `text/event-stream` (WHATWG HTML,
 * "Server-sent events"): one event per command (`id: <command id>`, `data: <ZDeviceCommand JSON>`), a `:ping`
 * comment every 25 s so proxies and the device's idle timer (90 s) see life. On connect it sends every open
 * command, so a device that was offline, or a server that restarted mid-fan-out, loses nothing.
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
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      let open = true;
      const write = (text: string) => {
        if (!open) throw new Error("stream closed");
        controller.enqueue(encoder.encode(text));
      };
      const sink = { tenantId: opts.scope.tenantId, send: (commands: TDeviceCommand[]) => write(commands.map(formatSseCommand).join("")) };
      const unregister = await deviceStreamHub().register({ deviceId: opts.deviceId, sink });
      const ping = setInterval(() => {
        try {
          write(":ping\n\n");
        } catch {
          cleanup();
        }
      }, PING_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unregister();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      opts.signal.addEventListener("abort", cleanup, { once: true });
      write(": connected\n\n");
      try {
        const pending = await listPendingCommands({ scope: opts.scope, deviceId: opts.deviceId });
        if (pending.length > 0) sink.send(pending);
      } catch (err) {
        console.error("[command-stream] could not load pending commands", err);
      }
    },
    cancel: () => cleanup(),
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
