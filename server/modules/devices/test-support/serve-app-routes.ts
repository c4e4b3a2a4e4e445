/**
 * Serves the real route handlers (enroll.sh, the enroller bundle, the device API, the REST API) on a loopback
 * port with node:http, so shell scripts and the bundled enroller can be run against them for real.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GET as enrollScript } from "@/app/enroll.sh/route";
import { GET as client } from "@/app/api/device/v1/client/route";
import { GET as clientSha } from "@/app/api/device/v1/client.sha256/route";
import { handleRestRequest } from "@/server/http/rest-api";
import { deviceApiFetch } from "./device-api-fetch";

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = chunks.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body });
}

async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (request.method === "GET" && pathname === "/enroll.sh") return enrollScript();
  if (request.method === "GET" && pathname === "/api/device/v1/client") return client();
  if (request.method === "GET" && pathname === "/api/device/v1/client.sha256") return clientSha();
  if (pathname.startsWith("/api/device/v1/")) return deviceApiFetch(request);
  if (pathname.startsWith("/api/v1/")) return handleRestRequest(request);
  return new Response("not found", { status: 404 });
}

export async function serveAppRoutes(): Promise<{ url: string; close: () => Promise<void> }> {
  let origin = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    toRequest(req, origin)
      .then(dispatch)
      .then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        const headers: Record<string, string> = {};
        response.headers.forEach((v, k) => (headers[k] = v));
        headers["content-length"] = String(body.length);
        res.writeHead(response.status, headers);
        res.end(body);
      })
      .catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
