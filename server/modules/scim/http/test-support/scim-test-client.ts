/** Test helpers: a tenant with a SCIM token, and a client that sends requests through the real handler. */
import { createTestTenant } from "@/test/support/tenants";
import type { TScimFixture } from "../../load-scim-fixtures";
import { createScimToken } from "../../tokens/create-scim-token";
import { flushScimRequestLog } from "../../request-log/record-scim-request";
import { createScimHandler, handleScimRequest, type TScimRateLimit } from "../handle-scim-request";

export const TEST_ORIGIN = "http://localhost:3999";

export type TScimReply = { status: number; body: any; headers: Headers };

export function scimClient(opts: { token: string; handler?: (request: Request) => Promise<Response> }) {
  const handler = opts.handler ?? handleScimRequest;
  async function send(
    method: string,
    path: string,
    init: { body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string>; query?: Record<string, string> } = {},
  ): Promise<TScimReply> {
    const url = new URL(path.startsWith("/scim/v2") ? path : `/scim/v2${path}`, TEST_ORIGIN);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const response = await handler(
      new Request(url, {
        method,
        body: body as BodyInit | undefined,
        headers: { authorization: `Bearer ${opts.token}`, ...(body !== undefined ? { "content-type": "application/scim+json" } : {}), ...init.headers },
      }),
    );
    const text = await response.text();
    await flushScimRequestLog(); // so a test can read the request log right after a request
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }
  return {
    handler,
    send,
    get: (path: string, query?: Record<string, string>, headers?: Record<string, string>) => send("GET", path, { query, headers }),
    post: (path: string, body: unknown) => send("POST", path, { body }),
    put: (path: string, body: unknown, headers?: Record<string, string>) => send("PUT", path, { body, headers }),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => send("PATCH", path, { body, headers }),
    delete: (path: string, headers?: Record<string, string>) => send("DELETE", path, { headers }),
    /** Sends a vendor fixture, with the vendor's example ids swapped for ids that exist here. */
    fixture(fixture: TScimFixture, ids: Record<string, string> = {}) {
      let json = JSON.stringify({ path: fixture.request.path, body: fixture.request.body });
      for (const [from, to] of Object.entries(ids)) json = json.split(from).join(to);
      const { path, body } = JSON.parse(json) as { path: string; body?: unknown };
      return send(fixture.request.method, path, { body, query: fixture.request.query });
    },
  };
}

export async function createScimTenant(opts: { name?: string; rateLimit?: TScimRateLimit } = {}) {
  const t = await createTestTenant(opts.name ?? "Scim");
  const token = await createScimToken({ scope: t.scope, name: "Okta" });
  const handler = opts.rateLimit ? createScimHandler({ rateLimit: opts.rateLimit }) : undefined;
  return { ...t, token, client: scimClient({ token: token.token, handler }) };
}
