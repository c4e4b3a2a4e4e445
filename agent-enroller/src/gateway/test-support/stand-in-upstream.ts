/**
 * A loopback stand-in for the vendors' model APIs, speaking their documented wire formats, for gateway tests.
 *
 * Mounted under `/anthropic`, `/openai` and `/gemini` on one server, so the gateway's upstream base URLs are
 * `<url>/anthropic` etc. It answers like the vendor would:
 * - Anthropic Messages API (`POST /v1/messages`, JSON or SSE: message_start → content_block_start →
 *   content_block_delta* → content_block_stop → message_delta → message_stop), `count_tokens`, `GET /v1/models`;
 *   credential `x-api-key`.
 * - OpenAI Chat Completions (JSON, or `chat.completion.chunk` SSE ending in `data: [DONE]`, with the usage chunk when
 *   `stream_options.include_usage`), Responses API (JSON, or the `response.*` SSE event sequence ending in
 *   `response.completed`), `GET /v1/models`; credential `Authorization: Bearer`.
 * - Gemini `models/{m}:generateContent`, `:streamGenerateContent` (`alt=sse` or a JSON array), `:countTokens`;
 *   credential `x-goog-api-key`.
 * Every request is recorded (method, path, headers, body). A request without the tenant's real key is refused with
 * the vendor's 401. Behaviour can be switched to HTTP 500s, a drop mid-stream, a delay, or a gate that holds every
 * response until released.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type TStandInProvider = "anthropic" | "openai" | "gemini";

export interface TRecordedRequest {
  provider: TStandInProvider;
  method: string;
  /** Path below the provider mount, with query. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The vendor credential header carried the tenant's real key. */
  realKeyPresented: boolean;
}

export type TStandInBehavior =
  | { kind: "normal" }
  | { kind: "error500" }
  /** Send the headers and this many SSE events (or half the JSON body), then destroy the socket. */
  | { kind: "dropMidStream"; afterEvents: number }
  | { kind: "delay"; ms: number };

export interface TStandInUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface StandInUpstream {
  url: string;
  baseUrl(p: TStandInProvider): URL;
  requests: TRecordedRequest[];
  setBehavior(b: TStandInBehavior): void;
  /** Hold every response until the returned function is called. */
  hold(): () => void;
  /** Usage the stand-in reports for each generation (default 12 in, 5 out, no cache). */
  setUsage(u: Partial<TStandInUsage>): void;
  /** Text of each generated reply (default "hi"), streamed in pieces of up to 4 characters. */
  setReplyText(text: string): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowSec = () => Math.floor(Date.now() / 1000);
let idCounter = 0;
const newId = (prefix: string) => `${prefix}_standin${(++idCounter).toString().padStart(6, "0")}`;

function pieces(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 4) out.push(text.slice(i, i + 4));
  return out.length ? out : [""];
}

function sseFrame(event: string | null, data: unknown): string {
  return `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

function vendorError(provider: TStandInProvider, status: number, message: string): unknown {
  if (provider === "anthropic") return { type: "error", error: { type: status === 401 ? "authentication_error" : status === 404 ? "not_found_error" : "api_error", message } };
  if (provider === "openai") return { error: { message, type: status === 401 ? "invalid_request_error" : "server_error", param: null, code: status === 401 ? "invalid_api_key" : null } };
  return { error: { code: status, message, status: status === 401 ? "UNAUTHENTICATED" : status === 404 ? "NOT_FOUND" : "INTERNAL" } };
}

export async function createStandInUpstream({
  keys,
  port = 0,
}: {
  keys: Record<TStandInProvider, string>;
  port?: number;
}): Promise<StandInUpstream> {
  const requests: TRecordedRequest[] = [];
  let behavior: TStandInBehavior = { kind: "normal" };
  let usage: TStandInUsage = { inputTokens: 12, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let replyText = "hi";
  let gate: Promise<void> | null = null;

  function keyPresented(provider: TStandInProvider, req: IncomingMessage): boolean {
    if (provider === "anthropic") return req.headers["x-api-key"] === keys.anthropic;
    if (provider === "openai") return req.headers.authorization === `Bearer ${keys.openai}`;
    return req.headers["x-goog-api-key"] === keys.gemini;
  }

  /** Writes SSE frames, honouring a drop-mid-stream behaviour. Returns false when the connection was dropped. */
  async function writeEvents(res: ServerResponse, frames: string[]): Promise<void> {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    for (let i = 0; i < frames.length; i++) {
      if (behavior.kind === "dropMidStream" && i >= behavior.afterEvents) {
        await sleep(20); // let the frames already written reach the client before the reset
        res.socket?.destroy();
        return;
      }
      res.write(frames[i]);
    }
    res.end();
  }

  async function writeJson(res: ServerResponse, status: number, body: unknown): Promise<void> {
    const text = JSON.stringify(body);
    if (behavior.kind === "dropMidStream" && status === 200) {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  async function anthropic(req: IncomingMessage, res: ServerResponse, path: string, body: any): Promise<void> {
    const pathname = path.split("?")[0];
    if (req.method === "GET" && pathname === "/v1/models") {
      return writeJson(res, 200, { data: [{ type: "model", id: "claude-sonnet-4-5-20250929", display_name: "Claude Sonnet 4.5", created_at: "2025-09-29T00:00:00Z" }], has_more: false, first_id: "claude-sonnet-4-5-20250929", last_id: "claude-sonnet-4-5-20250929" });
    }
    if (req.method === "POST" && pathname === "/v1/messages/count_tokens") return writeJson(res, 200, { input_tokens: usage.inputTokens });
    if (req.method !== "POST" || pathname !== "/v1/messages") return writeJson(res, 404, vendorError("anthropic", 404, `Not found: ${pathname}`));
    const model = String(body.model);
    const id = newId("msg");
    const u = { input_tokens: usage.inputTokens, cache_creation_input_tokens: usage.cacheWriteTokens, cache_read_input_tokens: usage.cacheReadTokens, output_tokens: usage.outputTokens };
    if (!body.stream) {
      return writeJson(res, 200, { id, type: "message", role: "assistant", model, content: [{ type: "text", text: replyText }], stop_reason: "end_turn", stop_sequence: null, usage: u });
    }
    const frames = [
      sseFrame("message_start", { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { ...u, output_tokens: 1 } } }),
      sseFrame("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
      sseFrame("ping", { type: "ping" }),
      ...pieces(replyText).map((t) => sseFrame("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: t } })),
      sseFrame("content_block_stop", { type: "content_block_stop", index: 0 }),
      sseFrame("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: usage.outputTokens } }),
      sseFrame("message_stop", { type: "message_stop" }),
    ];
    return writeEvents(res, frames);
  }

  async function openai(req: IncomingMessage, res: ServerResponse, path: string, body: any): Promise<void> {
    const pathname = path.split("?")[0];
    if (req.method === "GET" && pathname === "/v1/models") {
      return writeJson(res, 200, { object: "list", data: [{ id: "gpt-5.1-codex", object: "model", created: 1_762_000_000, owned_by: "openai" }] });
    }
    const prompt = usage.inputTokens + usage.cacheReadTokens;
    if (req.method === "POST" && pathname === "/v1/chat/completions") {
      const id = newId("chatcmpl");
      const model = String(body.model);
      const u = { prompt_tokens: prompt, completion_tokens: usage.outputTokens, total_tokens: prompt + usage.outputTokens, prompt_tokens_details: { cached_tokens: usage.cacheReadTokens }, completion_tokens_details: { reasoning_tokens: 0 } };
      if (!body.stream) {
        return writeJson(res, 200, { id, object: "chat.completion", created: nowSec(), model, choices: [{ index: 0, message: { role: "assistant", content: replyText, refusal: null }, finish_reason: "stop", logprobs: null }], usage: u });
      }
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => sseFrame(null, { id, object: "chat.completion.chunk", created: nowSec(), model, choices, ...extra });
      const frames = [
        chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
        ...pieces(replyText).map((t) => chunk([{ index: 0, delta: { content: t }, finish_reason: null }])),
        chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
        ...(body.stream_options?.include_usage ? [chunk([], { usage: u })] : []),
        sseFrame(null, "[DONE]"),
      ];
      return writeEvents(res, frames);
    }
    if (req.method === "POST" && pathname === "/v1/responses") {
      const id = newId("resp");
      const itemId = newId("msg");
      const model = String(body.model);
      const u = { input_tokens: prompt, input_tokens_details: { cached_tokens: usage.cacheReadTokens }, output_tokens: usage.outputTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: prompt + usage.outputTokens };
      const item = { id: itemId, type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: replyText, annotations: [] }] };
      const response = (status: string, output: unknown[], withUsage: boolean) => ({ id, object: "response", created_at: nowSec(), status, model, output, usage: withUsage ? u : null, error: null, incomplete_details: null });
      if (!body.stream) return writeJson(res, 200, response("completed", [item], true));
      let seq = 0;
      const ev = (type: string, data: Record<string, unknown>) => sseFrame(type, { type, sequence_number: seq++, ...data });
      const frames = [
        ev("response.created", { response: response("in_progress", [], false) }),
        ev("response.in_progress", { response: response("in_progress", [], false) }),
        ev("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } }),
        ev("response.content_part.added", { item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }),
        ...pieces(replyText).map((t) => ev("response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta: t })),
        ev("response.output_text.done", { item_id: itemId, output_index: 0, content_index: 0, text: replyText }),
        ev("response.content_part.done", { item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", text: replyText, annotations: [] } }),
        ev("response.output_item.done", { output_index: 0, item }),
        ev("response.completed", { response: response("completed", [item], true) }),
      ];
      return writeEvents(res, frames);
    }
    return writeJson(res, 404, vendorError("openai", 404, `Invalid URL (${req.method} ${pathname})`));
  }

  async function gemini(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const [pathname, query = ""] = path.split("?") as [string, string?];
    if (req.method === "GET" && /^\/v1beta\/models\/?$/.test(pathname)) {
      return writeJson(res, 200, { models: [{ name: "models/gemini-2.5-flash", displayName: "Gemini 2.5 Flash", supportedGenerationMethods: ["generateContent", "countTokens"] }] });
    }
    const m = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(pathname);
    if (req.method !== "POST" || !m) return writeJson(res, 404, vendorError("gemini", 404, `Not found: ${pathname}`));
    const model = decodeURIComponent(m[1]!);
    if (m[2] === "countTokens") return writeJson(res, 200, { totalTokens: usage.inputTokens + usage.cacheReadTokens });
    const prompt = usage.inputTokens + usage.cacheReadTokens;
    const meta = (out: number) => ({ promptTokenCount: prompt, candidatesTokenCount: out, totalTokenCount: prompt + out, ...(usage.cacheReadTokens ? { cachedContentTokenCount: usage.cacheReadTokens } : {}) });
    const chunk = (text: string, last: boolean, out: number) => ({
      candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0, ...(last ? { finishReason: "STOP" } : {}) }],
      usageMetadata: meta(out),
      modelVersion: model,
      responseId: newId("gem"),
    });
    if (m[2] === "generateContent") return writeJson(res, 200, chunk(replyText, true, usage.outputTokens));
    const parts = pieces(replyText);
    const chunks = parts.map((t, i) => chunk(t, i === parts.length - 1, i === parts.length - 1 ? usage.outputTokens : i + 1));
    if (new URLSearchParams(query).get("alt") === "sse") return writeEvents(res, chunks.map((c) => sseFrame(null, c)));
    return writeJson(res, 200, chunks);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      const mount = /^\/(anthropic|openai|gemini)(\/.*)?$/.exec(url);
      if (!mount) {
        res.writeHead(404).end();
        return;
      }
      const provider = mount[1] as TStandInProvider;
      const path = mount[2] ?? "/";
      const realKeyPresented = keyPresented(provider, req);
      requests.push({ provider, method: req.method ?? "GET", path, headers: req.headers, body: raw, realKeyPresented });
      try {
        if (gate) await gate;
        if (behavior.kind === "delay") await sleep(behavior.ms);
        if (!realKeyPresented) return await writeJson(res, 401, vendorError(provider, 401, "invalid x-api-key"));
        if (behavior.kind === "error500") return await writeJson(res, 500, vendorError(provider, 500, "Internal server error"));
        let body: any = {};
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            return await writeJson(res, 400, vendorError(provider, 400, "invalid JSON body"));
          }
        }
        if (provider === "anthropic") await anthropic(req, res, path, body);
        else if (provider === "openai") await openai(req, res, path, body);
        else await gemini(req, res, path);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    baseUrl: (p) => new URL(`${url}/${p}`),
    requests,
    setBehavior: (b) => {
      behavior = b;
    },
    hold: () => {
      let release!: () => void;
      gate = new Promise<void>((r) => {
        release = r;
      });
      return () => {
        gate = null;
        release();
      };
    },
    setUsage: (u) => {
      usage = { ...usage, ...u };
    },
    setReplyText: (t) => {
      replyText = t;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
