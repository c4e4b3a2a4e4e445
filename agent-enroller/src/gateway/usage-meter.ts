/**
 * Reads token usage from a copy of a vendor response while the original bytes go to the agent untouched.
 *
 * Formats followed:
 * - Anthropic Messages: JSON `usage` {input_tokens, output_tokens, cache_creation_input_tokens,
 *   cache_read_input_tokens}; streaming: `message_start` carries `message.usage` (input and cache counts),
 *   `message_delta` carries the cumulative `usage.output_tokens`, `message_stop` ends the message.
 * - OpenAI Chat Completions: JSON `usage` {prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens};
 *   streaming: the final chunk before `data: [DONE]` carries `usage` when `stream_options.include_usage` is set.
 * - OpenAI Responses: JSON `usage` {input_tokens, output_tokens, input_tokens_details.cached_tokens}; streaming:
 *   `response.completed` (or `response.incomplete` / `response.failed`) carries `response.usage`.
 * - Gemini: `usageMetadata` {promptTokenCount, candidatesTokenCount, cachedContentTokenCount, thoughtsTokenCount,
 *   toolUsePromptTokenCount} on the response and on each streamed chunk (cumulative; the last one is final).
 *
 * When a stream ends before the vendor's final usage (a dropped connection), the output is estimated from the text
 * received (4 characters per token) and flagged, so spend is settled from what was actually delivered.
 */
import { emptyUsage, type TModelProvider, type TTokenUsage } from "../../../server/contracts/pricing";
import type { TGatewayApi } from "./gateway-types";
import { createSseParser } from "./sse-parser";

export interface TMeterResult {
  usage: TTokenUsage | null;
  /** True when output tokens were estimated from streamed text. */
  estimated: boolean;
  /** The vendor signalled the end of the message (stream) or the JSON body parsed. */
  complete: boolean;
  /** Model name reported by the vendor, if any. */
  model: string | null;
}

export interface UsageMeter {
  push(chunk: Buffer): void;
  finish(): TMeterResult;
}

const MAX_BUFFERED_BODY = 64 * 1024 * 1024;
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function anthropicUsage(u: Json, into: TTokenUsage): void {
  into.inputTokens = num(u.input_tokens) ?? into.inputTokens;
  into.outputTokens = num(u.output_tokens) ?? into.outputTokens;
  into.cacheWriteTokens = num(u.cache_creation_input_tokens) ?? into.cacheWriteTokens;
  into.cacheReadTokens = num(u.cache_read_input_tokens) ?? into.cacheReadTokens;
}

function openaiChatUsage(u: Json): TTokenUsage {
  const cached = num(obj(u.prompt_tokens_details).cached_tokens) ?? 0;
  const prompt = num(u.prompt_tokens) ?? 0;
  return { inputTokens: Math.max(0, prompt - cached), cacheReadTokens: cached, cacheWriteTokens: 0, outputTokens: num(u.completion_tokens) ?? 0 };
}

function openaiResponsesUsage(u: Json): TTokenUsage {
  const cached = num(obj(u.input_tokens_details).cached_tokens) ?? 0;
  const input = num(u.input_tokens) ?? 0;
  return { inputTokens: Math.max(0, input - cached), cacheReadTokens: cached, cacheWriteTokens: 0, outputTokens: num(u.output_tokens) ?? 0 };
}

function geminiUsage(u: Json): TTokenUsage {
  const cached = num(u.cachedContentTokenCount) ?? 0;
  const prompt = (num(u.promptTokenCount) ?? 0) + (num(u.toolUsePromptTokenCount) ?? 0);
  return {
    inputTokens: Math.max(0, prompt - cached),
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    outputTokens: (num(u.candidatesTokenCount) ?? 0) + (num(u.thoughtsTokenCount) ?? 0),
  };
}

/** Usage from a complete (non-streamed) JSON response body. */
export function usageFromBody({ api, body }: { api: TGatewayApi; body: unknown }): { usage: TTokenUsage | null; model: string | null } {
  const b = obj(body);
  if (api === "anthropic.messages") {
    if (!("usage" in b)) return { usage: null, model: str(b.model) };
    const u = emptyUsage();
    anthropicUsage(obj(b.usage), u);
    return { usage: u, model: str(b.model) };
  }
  if (api === "openai.chat_completions") return { usage: "usage" in b ? openaiChatUsage(obj(b.usage)) : null, model: str(b.model) };
  if (api === "openai.responses") return { usage: "usage" in b ? openaiResponsesUsage(obj(b.usage)) : null, model: str(b.model) };
  if (api === "gemini.generate_content" || api === "gemini.stream_generate_content") {
    // streamGenerateContent without alt=sse answers with a JSON array of chunks; the last usage is the total
    const items = Array.isArray(body) ? body.map(obj) : [b];
    const withUsage = items.filter((i) => "usageMetadata" in i).at(-1);
    return { usage: withUsage ? geminiUsage(obj(withUsage.usageMetadata)) : null, model: str(items.at(-1)?.modelVersion) };
  }
  return { usage: null, model: null };
}

export function createUsageMeter({ provider, api, stream, sse }: { provider: TModelProvider; api: TGatewayApi; stream: boolean; sse: boolean }): UsageMeter {
  if (!stream || !sse) {
    // whole-body JSON (also Gemini's non-SSE JSON-array stream)
    const chunks: Buffer[] = [];
    let size = 0;
    return {
      push(chunk) {
        size += chunk.length;
        if (size <= MAX_BUFFERED_BODY) chunks.push(chunk);
      },
      finish() {
        if (size > MAX_BUFFERED_BODY) return { usage: null, estimated: false, complete: false, model: null };
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          const { usage, model } = usageFromBody({ api, body: parsed });
          return { usage, estimated: false, complete: true, model };
        } catch {
          return { usage: null, estimated: false, complete: false, model: null };
        }
      },
    };
  }

  let usage: TTokenUsage | null = null;
  let complete = false;
  let model: string | null = null;
  let outputChars = 0;
  const countText = (v: unknown) => {
    if (typeof v === "string") outputChars += v.length;
  };

  const parser = createSseParser({
    onEvent: ({ data }) => {
      if (data === "[DONE]") {
        complete = true;
        return;
      }
      let e: Json;
      try {
        e = obj(JSON.parse(data));
      } catch {
        return;
      }
      if (provider === "anthropic") {
        const type = e.type;
        if (type === "message_start") {
          const m = obj(e.message);
          model = str(m.model) ?? model;
          usage = usage ?? emptyUsage();
          anthropicUsage(obj(m.usage), usage);
        } else if (type === "message_delta") {
          usage = usage ?? emptyUsage();
          anthropicUsage(obj(e.usage), usage);
        } else if (type === "content_block_delta") {
          const d = obj(e.delta);
          countText(d.text);
          countText(d.thinking);
          countText(d.partial_json);
        } else if (type === "message_stop") complete = true;
      } else if (api === "openai.chat_completions") {
        model = str(e.model) ?? model;
        if (e.usage && typeof e.usage === "object") usage = openaiChatUsage(obj(e.usage));
        if (Array.isArray(e.choices)) {
          for (const c of e.choices) {
            const d = obj(obj(c).delta);
            countText(d.content);
            countText(d.reasoning_content);
            if (Array.isArray(d.tool_calls)) for (const t of d.tool_calls) countText(obj(obj(t).function).arguments);
          }
        }
      } else if (api === "openai.responses") {
        const type = str(e.type) ?? "";
        if (type === "response.completed" || type === "response.incomplete" || type === "response.failed") {
          const r = obj(e.response);
          model = str(r.model) ?? model;
          if (r.usage && typeof r.usage === "object") usage = openaiResponsesUsage(obj(r.usage));
          complete = true;
        } else if (type === "response.created") {
          model = str(obj(e.response).model) ?? model;
        } else if (type.endsWith(".delta")) countText(e.delta);
      } else {
        // Gemini: each chunk is a GenerateContentResponse
        model = str(e.modelVersion) ?? model;
        if (e.usageMetadata && typeof e.usageMetadata === "object") usage = geminiUsage(obj(e.usageMetadata));
        if (Array.isArray(e.candidates)) {
          for (const c of e.candidates) {
            const cand = obj(c);
            if (typeof cand.finishReason === "string") complete = true;
            const parts = obj(cand.content).parts;
            if (Array.isArray(parts)) for (const p of parts) countText(obj(p).text);
          }
        }
      }
    },
  });

  return {
    push(chunk) {
      parser.push(chunk);
    },
    finish() {
      parser.end();
      const u: TTokenUsage | null = usage;
      if (complete && u) return { usage: u, estimated: false, complete, model };
      // the vendor's final count never came: settle from what was delivered
      const estimate = Math.ceil(outputChars / 4);
      if (!u && outputChars === 0) return { usage: null, estimated: false, complete, model };
      const base: TTokenUsage = u ?? emptyUsage();
      return { usage: { ...base, outputTokens: Math.max(base.outputTokens, estimate) }, estimated: estimate > base.outputTokens, complete, model };
    },
  };
}
