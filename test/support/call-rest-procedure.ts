/**
 * Calls a tRPC procedure through its REST face (`.meta({ openapi })`, served by handleRestRequest at /api/v1) with
 * an API key: path parameters come out of the input, the rest goes in the query string (GET, DELETE) or the JSON
 * body. Used by the cross-tenant test to run every endpoint with every sample.
 */
import { handleRestRequest } from "@/server/http/rest-api";

export type TOpenApiRoute = { method: string; path: string };

export function buildRestRequest(opts: { route: TOpenApiRoute; input: Record<string, unknown>; apiKey: string }): Request {
  const rest: Record<string, unknown> = { ...opts.input };
  const path = opts.route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    if (value === undefined) throw new Error(`${opts.route.path}: the input has no ${name}`);
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  const url = new URL(`http://localhost/api/v1${path}`);
  const headers: Record<string, string> = { authorization: `Bearer ${opts.apiKey}` };
  let body: string | undefined;
  if (opts.route.method === "GET" || opts.route.method === "DELETE") {
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      if (typeof value === "object" && value !== null && !(value instanceof Date)) throw new Error(`${opts.route.path}: ${key} cannot go in a query string`);
      url.searchParams.set(key, value instanceof Date ? value.toISOString() : String(value));
    }
  } else {
    body = JSON.stringify(rest);
    headers["content-type"] = "application/json";
  }
  return new Request(url, { method: opts.route.method, headers, body });
}

export async function callRestProcedure(opts: { route: TOpenApiRoute; input: Record<string, unknown>; apiKey: string }): Promise<{ status: number; text: string }> {
  const response = await handleRestRequest(buildRestRequest(opts));
  return { status: response.status, text: await response.text() };
}
