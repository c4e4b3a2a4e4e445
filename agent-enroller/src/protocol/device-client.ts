/**
 * The device side of the protocol in one object: holds the server URL, device id and key in memory and speaks
 * every endpoint of `/api/device/v1` (see server/contracts/device.ts). No state directory needed, so the
 * benchmark's simulated devices use exactly this code.
 */
import type { KeyObject } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { z } from "zod";
import {
  ZCheckinResponse,
  ZDeviceApiError,
  ZDeviceCommand,
  ZEmptyResponse,
  ZEnrollResponse,
  ZEventsResponse,
  deviceApiPaths,
  type TCheckinRequest,
  type TCheckinResponse,
  type TCommandAckStatus,
  type TDeviceCommand,
  type TDeviceEvent,
  type TEnrollRequest,
  type TEnrollResponse,
  type TEventsResponse,
} from "../../../server/contracts/device";
import { computeBackoffDelay, sleep } from "../loop/backoff";
import { ENROLLER_VERSION } from "../version";
import { DeviceApiError, describeNetworkError } from "./device-api-error";
import { deviceAuthorization } from "./device-jwt";
import { exportPublicKeyBase64url, generateDeviceKeyPair } from "./device-keys";
import { SseParser } from "./parse-sse";

export type TMachineFacts = Omit<TEnrollRequest, "token" | "publicKey" | "enrollerVersion">;

export type TDeviceClientOptions = {
  serverUrl: string;
  deviceId?: string | null;
  privateKey?: KeyObject | null;
  enrollerVersion?: string;
  fetch?: typeof fetch;
  /** Request bodies at least this big are sent with content-encoding: gzip (default 16 KiB). */
  gzipMinBytes?: number;
  requestTimeoutMs?: number;
};

export type TCommandStreamOptions = {
  onCommand: (command: TDeviceCommand) => void | Promise<void>;
  onConnect?: () => void;
  onError?: (err: Error) => void;
  /** Reconnect if nothing (not even a `:ping`) arrives for this long (default 90 s). */
  idleTimeoutMs?: number;
  backoff?: { baseMs?: number; capMs?: number };
};

export type TCommandStream = { close: () => void; closed: Promise<void> };

export function normalizeServerUrl(options: { serverUrl: string }): string {
  let url: URL;
  try {
    url = new URL(options.serverUrl);
  } catch {
    throw new DeviceApiError({ code: "bad_server_url", status: 0, message: `"${options.serverUrl}" is not a URL; pass --server https://<your console>` });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DeviceApiError({ code: "bad_server_url", status: 0, message: `server URL must be http(s), got ${url.protocol}` });
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

export class DeviceClient {
  readonly serverUrl: string;
  deviceId: string | null;
  privateKey: KeyObject | null;
  readonly enrollerVersion: string;
  private readonly fetchImpl: typeof fetch;
  private readonly gzipMinBytes: number;
  private readonly requestTimeoutMs: number;

  constructor(options: TDeviceClientOptions) {
    this.serverUrl = normalizeServerUrl({ serverUrl: options.serverUrl });
    this.deviceId = options.deviceId ?? null;
    this.privateKey = options.privateKey ?? null;
    this.enrollerVersion = options.enrollerVersion ?? ENROLLER_VERSION;
    this.fetchImpl = options.fetch ?? fetch;
    this.gzipMinBytes = options.gzipMinBytes ?? 16 * 1024;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  /** Registers a fresh key pair with the enrollment token. Re-enrolling the same machine replaces its key. */
  async enroll(options: { token: string; machine: TMachineFacts; privateKey?: KeyObject }): Promise<TEnrollResponse> {
    const privateKey = options.privateKey ?? generateDeviceKeyPair().privateKey;
    const body: TEnrollRequest = {
      token: options.token,
      publicKey: exportPublicKeyBase64url({ key: privateKey }),
      enrollerVersion: this.enrollerVersion,
      ...options.machine,
    };
    const res = await this.request({ method: "POST", path: deviceApiPaths.enroll, body, schema: ZEnrollResponse, signed: false });
    this.deviceId = res.deviceId;
    this.privateKey = privateKey;
    return res;
  }

  checkin(options: { request: TCheckinRequest }): Promise<TCheckinResponse> {
    return this.request({ method: "POST", path: deviceApiPaths.checkin, body: options.request, schema: ZCheckinResponse });
  }

  sendEvents(options: { events: TDeviceEvent[] }): Promise<TEventsResponse> {
    return this.request({ method: "POST", path: deviceApiPaths.events, body: { events: options.events }, schema: ZEventsResponse });
  }

  async ack(options: { commandId: string; status: TCommandAckStatus; detail?: unknown }): Promise<void> {
    const body = options.detail === undefined ? { status: options.status } : { status: options.status, detail: options.detail };
    await this.request({ method: "POST", path: deviceApiPaths.commandAck(options.commandId), body, schema: ZEmptyResponse });
  }

  async unenroll(): Promise<void> {
    await this.request({ method: "POST", path: deviceApiPaths.unenroll, body: undefined, schema: ZEmptyResponse });
  }

  private authHeader(method: string, path: string, body: Uint8Array | null): string {
    if (!this.deviceId || !this.privateKey) {
      throw new DeviceApiError({ code: "not_enrolled", status: 0, message: "this device is not enrolled; run `marshal-enroller enroll --server URL --token T` first" });
    }
    return deviceAuthorization({ deviceId: this.deviceId, privateKey: this.privateKey, method, path, body });
  }

  private async request<S extends z.ZodType>(options: {
    method: string;
    path: string;
    body: unknown;
    schema: S;
    signed?: boolean;
  }): Promise<z.infer<S>> {
    const { method, path } = options;
    const headers: Record<string, string> = { accept: "application/json" };
    let bytes: Uint8Array | null = null;
    if (options.body !== undefined) {
      bytes = Buffer.from(JSON.stringify(options.body));
      headers["content-type"] = "application/json";
      if (bytes.length >= this.gzipMinBytes) {
        bytes = gzipSync(bytes);
        headers["content-encoding"] = "gzip";
      }
    }
    if (options.signed !== false) headers.authorization = this.authHeader(method, path, bytes);
    const url = this.serverUrl + path;
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, body: bytes ? new Uint8Array(bytes) : undefined, signal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (err) {
      throw new DeviceApiError({ code: "unreachable", status: 0, message: describeNetworkError({ err, url: this.serverUrl }), cause: err });
    }
    const text = await res.text().catch(() => "");
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (!res.ok) throw errorFromResponse({ status: res.status, json, text, path });
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      throw new DeviceApiError({
        code: "bad_response",
        status: res.status,
        message: `the server answered ${method} ${path} with an unexpected body (${parsed.error.issues[0]?.message ?? "invalid"}); is ${this.serverUrl} a Marshal console?`,
      });
    }
    return parsed.data;
  }

  /** Holds `GET /commands/stream` open, reconnecting with jittered backoff, and hands each command over. */
  openCommandStream(options: TCommandStreamOptions): TCommandStream {
    const controller = new AbortController();
    const closed = this.runCommandStream(options, controller.signal);
    return { close: () => controller.abort(), closed };
  }

  private async runCommandStream(options: TCommandStreamOptions, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    const path = deviceApiPaths.commandStream;
    while (!signal.aborted) {
      const attemptController = new AbortController();
      const onAbort = () => attemptController.abort();
      signal.addEventListener("abort", onAbort, { once: true });
      let idleTimer: NodeJS.Timeout | undefined;
      const armIdle = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => attemptController.abort(), options.idleTimeoutMs ?? 90_000);
      };
      try {
        armIdle();
        let res: Response;
        try {
          res = await this.fetchImpl(this.serverUrl + path, {
            method: "GET",
            headers: { accept: "text/event-stream", authorization: this.authHeader("GET", path, null) },
            signal: attemptController.signal,
          });
        } catch (err) {
          if (signal.aborted) break;
          throw new DeviceApiError({ code: "unreachable", status: 0, message: describeNetworkError({ err, url: this.serverUrl }), cause: err });
        }
        if (!res.ok || !res.body) {
          const text = await res.text().catch(() => "");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          throw errorFromResponse({ status: res.status, json, text, path });
        }
        attempt = 0;
        options.onConnect?.();
        const parser = new SseParser();
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          armIdle();
          for (const ev of parser.push(decoder.decode(chunk, { stream: true }))) {
            let payload: unknown;
            try {
              payload = JSON.parse(ev.data);
            } catch {
              options.onError?.(new Error(`command stream: ignored a non-JSON event`));
              continue;
            }
            const cmd = ZDeviceCommand.safeParse(payload);
            if (!cmd.success) {
              options.onError?.(new Error(`command stream: ignored a malformed command (${cmd.error.issues[0]?.message})`));
              continue;
            }
            await options.onCommand(cmd.data);
          }
        }
        if (!signal.aborted) options.onError?.(new Error("command stream ended; reconnecting"));
      } catch (err) {
        if (signal.aborted) break;
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
      } finally {
        clearTimeout(idleTimer);
        signal.removeEventListener("abort", onAbort);
      }
      if (signal.aborted) break;
      await sleep({ ms: computeBackoffDelay({ attempt, ...options.backoff }), signal });
      attempt++;
    }
  }
}

function errorFromResponse(options: { status: number; json: unknown; text: string; path: string }): DeviceApiError {
  const parsed = ZDeviceApiError.safeParse(options.json);
  const code = parsed.success ? parsed.data.error.code : `http_${options.status}`;
  const serverMessage = parsed.success ? parsed.data.error.message : options.text.slice(0, 200) || `HTTP ${options.status}`;
  let message = `server refused ${options.path}: ${serverMessage} (${code})`;
  if (options.path === deviceApiPaths.enroll && options.status >= 400 && options.status < 500) {
    message = `enrollment token refused: ${serverMessage} (${code}); ask your admin for a new enrollment token`;
  } else if (options.status === 401 || options.status === 403) {
    message = `the server no longer accepts this device's key: ${serverMessage} (${code}); the device may have been unenrolled, run enroll again`;
  } else if (options.status >= 500) {
    message = `the Marshal server failed on ${options.path}: ${serverMessage} (HTTP ${options.status}); will retry`;
  }
  return new DeviceApiError({ code, status: options.status, message });
}
