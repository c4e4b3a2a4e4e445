/**
 * What every SIEM transport returns: ok, or a typed error that says whether retrying can help.
 * Retryable: 5xx, 408/425/429, timeouts, refused/reset connections, DNS hiccups.
 * Not retryable: other 4xx (bad token, bad data), TLS verification failures, bad input.
 */
export type TTransportErrorKind = "http" | "rejected" | "timeout" | "network" | "tls" | "invalid_input";

export type TTransportError = {
  kind: TTransportErrorKind;
  message: string;
  retryable: boolean;
  /** HTTP status, when the peer answered. */
  status?: number;
  /** Seconds the peer asked us to wait (HTTP Retry-After). */
  retryAfterSeconds?: number;
};

export type TTransportResult = { ok: true; status?: number } | { ok: false; error: TTransportError };

export function transportFailure(error: TTransportError): TTransportResult {
  return { ok: false, error };
}

export function invalidInput(message: string): TTransportResult {
  return transportFailure({ kind: "invalid_input", message, retryable: false });
}

export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

export function httpFailure({ status, message, retryAfter }: { status: number; message: string; retryAfter?: string | null }): TTransportResult {
  const retryAfterSeconds = parseRetryAfter(retryAfter ?? null);
  return transportFailure({
    kind: "http",
    status,
    message,
    retryable: isRetryableHttpStatus(status),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

const TLS_CODE = /CERT|SELF_SIGNED|ERR_TLS|SSL|UNABLE_TO_VERIFY|HOSTNAME/i;

/** Classify a thrown socket / fetch error (fetch wraps the socket error in `cause`). */
export function networkFailure(error: unknown): TTransportResult {
  const err = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string; name?: string } };
  const name = err?.name ?? "";
  const code = err?.code ?? err?.cause?.code ?? "";
  const message = err?.cause?.message ?? err?.message ?? String(error);
  if (name === "TimeoutError" || name === "AbortError" || code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") {
    return transportFailure({ kind: "timeout", message: `timed out: ${message}`, retryable: true });
  }
  if (TLS_CODE.test(code) || /certificate|self[- ]signed|TLS|SSL/i.test(message)) {
    return transportFailure({ kind: "tls", message: `TLS failed (${code || "handshake"}): ${message}`, retryable: false });
  }
  return transportFailure({ kind: "network", message: `${code || "network error"}: ${message}`, retryable: true });
}
