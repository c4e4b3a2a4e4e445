import { describe, expect, it } from "vitest";
import { makeEvent } from "../formats/event-fixtures";
import { toCef } from "../formats/to-cef";
import { formatSyslogMessage, syslogMessageFor } from "./format-syslog-message";
import { frameOctetCounted } from "./send-syslog";

describe("formatSyslogMessage (RFC 5424)", () => {
  it("writes the RFC's example 1 layout", () => {
    // RFC 5424 §6.5 example 1: <34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8
    expect(
      formatSyslogMessage({ facility: 4, severity: 2, timestamp: "2003-10-11T22:14:15.003Z", hostname: "mymachine.example.com", appName: "su", msgId: "ID47", message: "'su root' failed for lonvick on /dev/pts/8" }),
    ).toBe("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8");
  });

  it("escapes structured data values and keeps header fields printable", () => {
    const line = formatSyslogMessage({ severity: 6, hostname: "bad host\n", appName: "app", structuredData: { "x@32473": { q: 'a"b\\c]d' } } });
    expect(line).toBe('<110>1 - bad_host_ app - - [x@32473 q="a\\"b\\\\c\\]d"]');
  });

  it("refuses out-of-range priorities", () => {
    expect(() => formatSyslogMessage({ severity: 9 })).toThrow(RangeError);
    expect(() => formatSyslogMessage({ severity: 1, facility: 24 })).toThrow(RangeError);
  });

  it("carries a CEF line for one event", () => {
    const event = makeEvent({ severity: "high" });
    const line = syslogMessageFor({ event, payload: toCef({ event }) });
    expect(line.startsWith(`<107>1 2026-03-01T11:59:00.250Z marshal marshal - agent.tool_call [marshal@32473 tenant="t_acme" event_id="${event.id}"] CEF:0|Marshal|`)).toBe(true);
  });

  it("frames with the byte length, not the character length (RFC 6587 octet counting)", () => {
    // 17 characters, 18 bytes: é is two bytes in UTF-8.
    expect(frameOctetCounted("<14>1 - - - - - é").toString("utf8")).toBe("18 <14>1 - - - - - é");
  });
});
