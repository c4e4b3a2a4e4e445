/** A failed device API call, with a message a person at the terminal can act on. */
export class DeviceApiError extends Error {
  readonly code: string;
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  constructor(options: { code: string; status: number; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = "DeviceApiError";
    this.code = options.code;
    this.status = options.status;
  }
  /** Worth retrying later: unreachable, timeouts, 5xx, 429. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export function describeNetworkError(options: { err: unknown; url: string }): string {
  const cause = (options.err as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (options.err as Error)?.message ?? String(options.err);
  return `cannot reach the Marshal server at ${options.url} (${detail}); check the URL and the network, the enroller will retry`;
}
