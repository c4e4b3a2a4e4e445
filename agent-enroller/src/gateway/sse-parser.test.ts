import { describe, expect, it } from "vitest";
import { createSseParser, type TSseEvent } from "./sse-parser";

const enc = new TextEncoder();
function parseInPieces(text: string, pieceSize: number): TSseEvent[] {
  const events: TSseEvent[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e) });
  const bytes = enc.encode(text);
  for (let i = 0; i < bytes.length; i += pieceSize) parser.push(bytes.subarray(i, i + pieceSize));
  parser.end();
  return events;
}

describe("createSseParser", () => {
  const stream =
    'event: message_start\r\ndata: {"a":1}\r\n\r\n: keep-alive comment\n\nevent: content_block_delta\ndata: {"text":"héllo ✓"}\n\n' +
    "data: line1\rdata: line2\r\r" +
    "data: [DONE]\n\n" +
    "event: cut\ndata: never finished";
  const expected = [
    { event: "message_start", data: '{"a":1}' },
    { event: "content_block_delta", data: '{"text":"héllo ✓"}' },
    { event: "message", data: "line1\nline2" },
    { event: "message", data: "[DONE]" },
  ];

  it("parses events with every line ending, comments and multi-line data, dropping an unterminated event", () => {
    expect(parseInPieces(stream, 1_000_000)).toEqual(expected);
  });

  it("gives the same events however the bytes are split (inside UTF-8 sequences and CRLF pairs too)", () => {
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parseInPieces(stream, size)).toEqual(expected);
  });
});
