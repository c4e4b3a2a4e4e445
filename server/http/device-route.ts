/**
 * The edge of the device protocol (`/api/device/v1/*`): every route handler goes through `handleDeviceRequest`,
 * which reads the raw body with a size cap (413), inflates `content-encoding: gzip` with a cap on the inflated
 * size too, authenticates the device JWT over the bytes as received (server/modules/devices/
 * authenticate-device-request.ts), parses JSON (400) and validates it with the contract's zod schema (400 with
 * the issues), then maps every error to `{ error: { code, message } }` (ZDeviceApiError) with the right status.
 * Bad input is never a 500.
 */
import { gunzipSync } from "node:zlib";
import type { z } from "zod";
import { AppError, isAppError, type TErrorCode } from "@/server/errors";
import { TenantScopeViolation } from "@/server/db";
import { authenticateDeviceRequest, type TDeviceRequestAuth } from "@/server/modules/devices/authenticate-device-request";

/** Largest request body accepted on the wire (after any compression). */
export const DEVICE_MAX_BODY_BYTES = 1024 * 1024;
/** Largest body once inflated: a full inventory (500 installations) fits with room to spare. */
export const DEVICE_MAX_INFLATED_BYTES = 8 * 1024 * 1024;

export function deviceErrorResponse(options: { code: TErrorCode; message: string; status?: number; headers?: HeadersInit }): Response {
  const status = options.status ?? new AppError(options.code, "").status;
  return Response.json({ error: { code: options.code, message: options.message } }, { status, headers: options.headers });
}

/** Any thrown value → the protocol's error body. Unexpected errors are logged and answered 500 without details. */
export function toDeviceErrorResponse(options: { error: unknown; path?: string }): Response {
  const { error } = options;
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.code === "UNAUTHORIZED") headers["www-authenticate"] = `Device realm="marshal"`;
    return deviceErrorResponse({ code: error.code, message: error.message, headers });
  }
  if (error instanceof TenantScopeViolation) return deviceErrorResponse({ code: "NOT_FOUND", message: "Not found" });
  const prismaCode = (error as { code?: string } | null)?.code;
  if (prismaCode === "P2025") return deviceErrorResponse({ code: "NOT_FOUND", message: "Not found" });
  if (prismaCode === "P2002" || prismaCode === "P2034") {
    return deviceErrorResponse({ code: "CONFLICT", message: "A concurrent request changed the same data; retry" });
  }
  // Overload, not a fault: a transaction could not get a connection in time or ran out of time (P2028), the
  // connection pool is exhausted (P2024), or PostgreSQL refused more connections (53300). A fleet enrolling or
  // checking in at once gets 503 + Retry-After and backs off, instead of a 500 (Prisma error reference).
  if (prismaCode === "P2028" || prismaCode === "P2024" || prismaCode === "53300") {
    return deviceErrorResponse({ code: "UNAVAILABLE", message: "The server is busy; retry shortly", headers: { "retry-after": "2" } });
  }
  console.error(`[device-api] unexpected error${options.path ? ` on ${options.path}` : ""}`, error);
  return deviceErrorResponse({ code: "INTERNAL", message: "Something went wrong on our side; retry later" });
}

/** Reads the body as sent, refusing more than `maxBytes` (by content-length up front, and while streaming). */
export async function readRawBody(options: { request: Request; maxBytes?: number }): Promise<Uint8Array> {
  const max = options.maxBytes ?? DEVICE_MAX_BODY_BYTES;
  const declared = options.request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > max)) {
    if (Number(declared) > max) throw new AppError("PAYLOAD_TOO_LARGE", `the request body is larger than ${max} bytes`);
    throw new AppError("BAD_REQUEST", "content-length is not a number");
  }
  const body = options.request.body;
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new AppError("PAYLOAD_TOO_LARGE", `the request body is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The body's bytes after `content-encoding` (identity or gzip), capped at `maxInflatedBytes`. */
export function decodeBody(options: { raw: Uint8Array; contentEncoding: string | null; maxInflatedBytes?: number }): Uint8Array {
  const encoding = (options.contentEncoding ?? "identity").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return options.raw;
  if (encoding !== "gzip" && encoding !== "x-gzip") throw new AppError("BAD_REQUEST", `unsupported content-encoding "${encoding}": send identity or gzip`);
  const max = options.maxInflatedBytes ?? DEVICE_MAX_INFLATED_BYTES;
  try {
    return gunzipSync(options.raw, { maxOutputLength: max });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
      throw new AppError("PAYLOAD_TOO_LARGE", `the request body inflates to more than ${max} bytes`);
    }
    throw new AppError("BAD_REQUEST", "the request body is not valid gzip");
  }
}

/** JSON.parse + zod validation with the contract; both failures are 400 with a message saying what is wrong. */
export function parseDeviceBody<S extends z.ZodType>(options: { bytes: Uint8Array; schema: S }): z.infer<S> {
  if (options.bytes.length === 0) throw new AppError("BAD_REQUEST", "the request needs a JSON body");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(options.bytes));
  } catch {
    throw new AppError("BAD_REQUEST", "the request body is not valid UTF-8 JSON");
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
      .join("; ");
    throw new AppError("BAD_REQUEST", `the request body does not match the device protocol: ${issues}`, parsed.error.issues.slice(0, 20));
  }
  return parsed.data as z.infer<S>;
}

type TAuthOf<Signed extends boolean> = Signed extends false ? null : TDeviceRequestAuth;

export type TDeviceRouteOptions<S extends z.ZodType | undefined, Signed extends boolean> = {
  request: Request;
  /** The contract schema of the body; omit for requests without a body (the body must then be empty). */
  schema?: S;
  /** false only for enrollment (the token in the body is the credential). Default true. */
  signed?: Signed;
  maxBodyBytes?: number;
  maxInflatedBytes?: number;
  /** Success status (default 200). */
  status?: number;
  handle: (ctx: { body: S extends z.ZodType ? z.infer<S> : undefined; auth: TAuthOf<Signed> }) => Promise<unknown> | unknown;
};

export async function handleDeviceRequest<S extends z.ZodType | undefined = undefined, Signed extends boolean = true>(
  options: TDeviceRouteOptions<S, Signed>,
): Promise<Response> {
  const { request } = options;
  const path = safePath(request.url);
  try {
    const raw = await readRawBody({ request, maxBytes: options.maxBodyBytes });
    const auth = options.signed === false ? null : await authenticateDeviceRequest({ request, rawBody: raw });
    let body: unknown = undefined;
    if (options.schema) {
      const bytes = decodeBody({ raw, contentEncoding: request.headers.get("content-encoding"), maxInflatedBytes: options.maxInflatedBytes });
      body = parseDeviceBody({ bytes, schema: options.schema });
    } else if (raw.length > 0) {
      throw new AppError("BAD_REQUEST", "this request takes no body");
    }
    const result = await options.handle({ body: body as never, auth: auth as TAuthOf<Signed> });
    if (result instanceof Response) return result;
    return Response.json(result ?? {}, { status: options.status ?? 200, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toDeviceErrorResponse({ error, path });
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
