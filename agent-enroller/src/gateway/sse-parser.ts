/**
 * Incremental parser for server-sent events (WHATWG HTML "Server-sent events", event stream interpretation):
 * lines end in CRLF, LF or CR; `event:` names the event, `data:` lines are joined with "\n", a blank line dispatches.
 * Bytes may arrive split anywhere, including inside a UTF-8 sequence or between CR and LF.
 */
export interface TSseEvent {
  event: string;
  data: string;
}

export interface SseParser {
  push(chunk: Uint8Array): void;
  /** Dispatches nothing further: an event without its terminating blank line is incomplete and dropped. */
  end(): void;
}

export function createSseParser({ onEvent }: { onEvent: (e: TSseEvent) => void }): SseParser {
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  let eventName = "";
  let data: string[] = [];
  let skipLeadingLf = false;

  function processLine(line: string): void {
    if (line === "") {
      if (data.length > 0) onEvent({ event: eventName || "message", data: data.join("\n") });
      eventName = "";
      data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") eventName = value;
    else if (field === "data") data.push(value);
  }

  return {
    push(chunk) {
      buffer += decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c === 10 && skipLeadingLf && i === start) {
          skipLeadingLf = false;
          start = i + 1;
          continue;
        }
        skipLeadingLf = false;
        if (c === 10 || c === 13) {
          processLine(buffer.slice(start, i));
          if (c === 13) {
            if (i + 1 < buffer.length) {
              if (buffer.charCodeAt(i + 1) === 10) i += 1;
            } else skipLeadingLf = true;
          }
          start = i + 1;
        }
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = "";
      data = [];
    },
  };
}
