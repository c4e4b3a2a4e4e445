/**
 * Syslog over TCP or TLS with octet-counting framing (RFC 6587 §3.4.1: `MSG-LEN SP SYSLOG-MSG`),
 * the framing RFC 5425 requires for TLS. Messages are RFC 5424 strings (format-syslog-message.ts).
 * "ok" means every frame was written and flushed to the connection and it closed without error;
 * syslog has no application-level acknowledgement.
 */
import net from "node:net";
import tls from "node:tls";
import { invalidInput, networkFailure, transportFailure, type TTransportResult } from "./transport-result";

export type TSyslogTls = {
  /** PEM CA bundle to trust (e.g. the collector's self-signed certificate). Default: system CAs. */
  ca?: string | Buffer;
  /** Name to verify in the server certificate (default: host). */
  servername?: string;
  /** Client certificate for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
};

export type TSendSyslogOptions = {
  host: string;
  port: number;
  /** false / omitted: plain TCP. true: TLS with system CAs. Object: TLS with these settings. */
  tls?: boolean | TSyslogTls;
  /** RFC 5424 messages, one per frame. */
  messages: string[];
  timeoutMs?: number;
};

export const MAX_SYSLOG_MESSAGE_BYTES = 64 * 1024;

export function frameOctetCounted(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.byteLength} `, "ascii"), body]);
}

export function sendSyslog({ host, port, tls: tlsOption = false, messages, timeoutMs = 10_000 }: TSendSyslogOptions): Promise<TTransportResult> {
  if (!host) return Promise.resolve(invalidInput("syslog host is empty"));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return Promise.resolve(invalidInput(`syslog port must be 1..65535, got ${port}`));
  if (!Array.isArray(messages) || messages.length === 0) return Promise.resolve(invalidInput("no messages to send"));
  const frames: Buffer[] = [];
  for (const [index, message] of messages.entries()) {
    if (typeof message !== "string" || !message.startsWith("<")) return Promise.resolve(invalidInput(`message ${index} is not an RFC 5424 message`));
    const frame = frameOctetCounted(message);
    if (frame.byteLength > MAX_SYSLOG_MESSAGE_BYTES) return Promise.resolve(invalidInput(`message ${index} is larger than ${MAX_SYSLOG_MESSAGE_BYTES} bytes`));
    frames.push(frame);
  }

  return new Promise<TTransportResult>((resolve) => {
    let settled = false;
    const finish = (result: TTransportResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const tlsSettings = tlsOption === true ? {} : tlsOption || undefined;
    const socket: net.Socket = tlsSettings
      ? tls.connect({ host, port, servername: tlsSettings.servername ?? (net.isIP(host) ? undefined : host), ca: tlsSettings.ca, cert: tlsSettings.cert, key: tlsSettings.key })
      : net.connect({ host, port });
    const timer = setTimeout(() => {
      finish(transportFailure({ kind: "timeout", message: `syslog ${host}:${port} did not take the messages within ${timeoutMs} ms`, retryable: true }));
      socket.destroy();
    }, timeoutMs);
    socket.once("error", (error) => {
      finish(networkFailure(error));
      socket.destroy();
    });
    socket.once(tlsSettings ? "secureConnect" : "connect", () => {
      socket.write(Buffer.concat(frames));
      socket.end();
    });
    socket.once("finish", () => {
      // Everything is flushed; wait for the close so a reset is still reported.
      socket.once("close", (hadError) => {
        if (!hadError) finish({ ok: true });
      });
      setTimeout(() => {
        finish({ ok: true });
        socket.destroy();
      }, 1000).unref();
    });
  });
}
