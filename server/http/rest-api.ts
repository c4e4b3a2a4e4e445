/**
 * REST API v1 (`/api/v1/*`): the OpenAPI-described face of the same tRPC procedures. Only API
 * keys authenticate here (no cookies: a browser session cannot be ridden by cross-site requests).
 */
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { appRouter } from "@/server/trpc/root";
import { createContext } from "@/server/trpc/context";

const MAX_BODY_BYTES = 1_000_000;

function jsonError(status: number, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status });
}

export async function handleRestRequest(req: Request): Promise<Response> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return jsonError(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
  if (!req.headers.get("authorization")) {
    return jsonError(401, "UNAUTHORIZED", "Send an API key as `Authorization: Bearer <key>`");
  }
  if (["POST", "PUT", "PATCH"].includes(req.method)) {
    // Malformed JSON is a client error: say so instead of letting a parser fail deeper down.
    const text = await req.clone().text();
    if (text.length > 0) {
      try {
        JSON.parse(text);
      } catch {
        return jsonError(400, "BAD_REQUEST", "The request body is not valid JSON");
      }
    }
  }
  const response = await createOpenApiFetchHandler({
    endpoint: "/api/v1",
    router: appRouter,
    req,
    createContext: () => createContext({ headers: req.headers, allowSession: false }),
  });
  return normaliseErrorBody(response);
}

/** trpc-to-openapi answers errors as `{ message, code, issues }`; give REST clients one shape: `{ error: { code, message } }`. */
async function normaliseErrorBody(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const body = (await response.json().catch(() => null)) as { message?: string; code?: string; issues?: { path?: (string | number)[]; message: string }[] } | null;
  const issues = (body?.issues ?? []).slice(0, 5).map((i) => (i.path?.length ? `${i.path.join(".")}: ${i.message}` : i.message));
  const message = [body?.message ?? response.statusText, issues.join("; ")].filter(Boolean).join(": ");
  return jsonError(response.status, body?.code ?? "ERROR", message);
}
