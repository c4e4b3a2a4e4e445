/**
 * A plain node:http server that runs the real route handlers of the kill-switch paths (the exported GET/POST of
 * app/api/...), so a test can run two "console nodes" as two processes on one database without a Next build.
 * Streams responses (SSE) chunk by chunk, and aborts the request signal when the client goes away.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import * as streamRoute from "@/app/api/device/v1/commands/stream/route";
import * as ackRoute from "@/app/api/device/v1/commands/[id]/ack/route";
import { handleRestRequest } from "@/server/http/rest-api";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";

type THandler = (req: Request, params: Record<string, string>) => Promise<Response>;
type TRoute = { method: string; pattern: RegExp; handler: THandler };

const routes: TRoute[] = [
  { method: "GET", pattern: /^\/api\/device\/v1\/commands\/stream$/, handler: (req) => streamRoute.GET(req) },
  { method: "POST", pattern: /^\/api\/device\/v1\/commands\/(?<id>[^/]+)\/ack$/, handler: (req, p) => ackRoute.POST(req, { params: Promise.resolve({ id: p.id! }) }) },
  { method: "*", pattern: /^\/api\/v1\//, handler: (req) => handleRestRequest(req) },
  { method: "POST", pattern: /^\/api\/trpc\//, handler: (req) => trpcRoute.POST(req) },
];

export function addTestRoute(route: TRoute) {
  routes.unshift(route);
}

export async function startRouteServer(opts: { port?: number } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
      const route = routes.find((r) => (r.method === "*" || r.method === req.method) && r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: "no route" } }));
        return;
      }
      const params = (route.pattern.exec(url.pathname)?.groups ?? {}) as Record<string, string>;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
        signal: controller.signal,
        // @ts-expect-error Node's fetch needs duplex for a streamed request body
        duplex: "half",
      });
      const response = await route.handler(request, params);
      const outHeaders: Record<string, string> = {};
      response.headers.forEach((v, k) => (outHeaders[k] = v));
      res.writeHead(response.status, outHeaders);
      if (!response.body) return void res.end();
      res.flushHeaders();
      const reader = response.body.getReader();
      controller.signal.addEventListener("abort", () => void reader.cancel().catch(() => {}), { once: true });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
      }
      res.end();
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "INTERNAL", message: String(err) } }));
      else res.end();
    }
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
