/**
 * Every way a directory call can fail, sorted into what the agent does next:
 * `unreachable` and `rate-limited` → back off and retry; `refused` → the directory said no
 * (bad signature, revoked device, policy) — retrying the same request will not help soon;
 * `bad-response` → the answer did not match the protocol.
 */
import { DeviceApiError } from '../../../src-shared/checkin-protocol.js';
import type { FetchResponse } from './node-fetch.js';

export type DirectoryErrorKind =
  | 'unreachable'
  | 'rate-limited'
  | 'refused'
  | 'bad-response'
  | 'aborted';

export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    message: string,
    readonly status: number | null = null,
    /** The directory's error code (e.g. `revoked`), when it sent one. */
    readonly code: string | null = null,
    /** From `Retry-After`, in milliseconds. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

/** `Retry-After` as delta-seconds or an HTTP date → milliseconds from `nowMs`; null if absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Turns a non-2xx answer into a DirectoryError with the directory's own words when it gave them. */
export async function errorFromResponse(
  res: FetchResponse,
  what: string,
  nowMs: number,
): Promise<DirectoryError> {
  const text = await res.text().catch(() => '');
  let code: string | null = null;
  let detail = `HTTP ${res.status}`;
  try {
    const parsed = DeviceApiError.safeParse(JSON.parse(text));
    if (parsed.success) {
      code = parsed.data.error.code;
      detail = `${parsed.data.error.message} (HTTP ${res.status} ${code})`;
    }
  } catch {
    // Not JSON (a proxy's page, say): the status is all we can report.
  }
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), nowMs);
  if (res.status === 429 || res.status === 503 || (res.status >= 500 && res.status <= 599)) {
    const kind = res.status === 429 || retryAfterMs !== null ? 'rate-limited' : 'unreachable';
    return new DirectoryError(
      kind,
      `${what}: the directory is busy or failing: ${detail}`,
      res.status,
      code,
      retryAfterMs,
    );
  }
  return new DirectoryError(
    'refused',
    `${what}: the directory refused the request: ${detail}`,
    res.status,
    code,
    retryAfterMs,
  );
}

/** Network-level failures (refused connection, TLS, timeout) in words, without any request content. */
export function errorFromNetwork(error: unknown, what: string, url: string): DirectoryError {
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') {
    return new DirectoryError(
      'aborted',
      `${what}: the request to ${url} was cancelled or timed out`,
    );
  }
  const code = err?.code ?? err?.cause?.code;
  const reason = code
    ? `${code}: ${err.message}`
    : err instanceof Error
      ? err.message
      : String(error);
  return new DirectoryError(
    'unreachable',
    `${what}: cannot reach the directory at ${url} (${reason})`,
  );
}
