/**
 * Reads what the gateway needs from a generation request body: the model, whether it streams, and the output limit
 * it sets (for the quota reservation). For OpenAI Chat Completions streams it also asks for usage: OpenAI only sends
 * a streamed request's token usage when `stream_options.include_usage` is true (a final chunk with `usage` and empty
 * `choices`, per the Chat Completions streaming reference), so the gateway adds it when the agent did not, or the
 * call could not be metered.
 */
import type { TRoute } from "./route-request";

export interface TInspectedRequest {
  model: string | null;
  stream: boolean;
  maxOutputTokens: number | undefined;
  /** The body to send upstream: the agent's bytes, unless a usage option had to be added. */
  body: Buffer;
}

export type TInspectResult = { ok: true; request: TInspectedRequest } | { ok: false; message: string };

const positiveInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.ceil(v) : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function inspectRequest({ route, body }: { route: TRoute; body: Buffer }): TInspectResult {
  if (!route.metered) return { ok: true, request: { model: route.pathModel, stream: false, maxOutputTokens: undefined, body } };
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, message: "request body is not valid JSON" };
  }
  if (!isObject(json)) return { ok: false, message: "request body must be a JSON object" };

  switch (route.api) {
    case "anthropic.messages": {
      if (typeof json.model !== "string" || json.model === "") return { ok: false, message: "model: field required" };
      return { ok: true, request: { model: json.model, stream: json.stream === true, maxOutputTokens: positiveInt(json.max_tokens), body } };
    }
    case "openai.chat_completions": {
      if (typeof json.model !== "string" || json.model === "") return { ok: false, message: "you must provide a model parameter" };
      const stream = json.stream === true;
      let out = body;
      const options = isObject(json.stream_options) ? json.stream_options : {};
      if (stream && options.include_usage !== true) {
        json.stream_options = { ...options, include_usage: true };
        out = Buffer.from(JSON.stringify(json), "utf8");
      }
      return { ok: true, request: { model: json.model, stream, maxOutputTokens: positiveInt(json.max_completion_tokens) ?? positiveInt(json.max_tokens), body: out } };
    }
    case "openai.responses": {
      if (typeof json.model !== "string" || json.model === "") return { ok: false, message: "you must provide a model parameter" };
      return { ok: true, request: { model: json.model, stream: json.stream === true, maxOutputTokens: positiveInt(json.max_output_tokens), body } };
    }
    default: {
      const config = isObject(json.generationConfig) ? json.generationConfig : {};
      return { ok: true, request: { model: route.pathModel, stream: route.pathStream, maxOutputTokens: positiveInt(config.maxOutputTokens), body } };
    }
  }
}
