/**
 * Sends SCIM requests the way Okta's provisioning client does: its headers, bearer auth, and
 * retrying 429 answers after `Retry-After`. Every attempt is reported to `onExchange`, so the
 * caller can print exactly what went over the wire.
 */
import type { JsonValue, ScimExchange, ScimRequest, ScimResponse } from './scim-request.js';

export interface ScimClientOptions {
  /** The SCIM base URL, e.g. `http://127.0.0.1:8080/scim/v2`. */
  baseUrl: string;
  token: string;
  onExchange?: (exchange: ScimExchange) => void;
  /** How many times a 429 is retried (Okta retries rate-limited requests). */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

/** Okta's provisioning client identifies itself with this User-Agent. */
export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';
const MAX_RETRY_WAIT_MS = 30_000;

export class ScimClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #options: ScimClientOptions;

  constructor(options: ScimClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#options = options;
  }

  /** Sends one request (retrying 429s) and returns the final exchange, whatever its status. */
  async send(request: ScimRequest): Promise<ScimExchange> {
    const maxRetries = this.#options.maxRetries ?? 3;
    const sleep =
      this.#options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      const exchange = { request, response: await this.#fetch(request) };
      this.#options.onExchange?.(exchange);
      if (exchange.response.status !== 429 || attempt >= maxRetries) return exchange;
      const waitSeconds = exchange.response.retryAfterSeconds ?? 1;
      await sleep(Math.min(waitSeconds * 1000, MAX_RETRY_WAIT_MS));
    }
  }

  async #fetch(request: ScimRequest): Promise<ScimResponse> {
    const headers: Record<string, string> = {
      'User-Agent': OKTA_USER_AGENT,
      Accept: 'application/scim+json',
      'Accept-Charset': 'utf-8',
      Authorization: `Bearer ${this.#token}`,
    };
    if (request.body !== undefined)
      headers['Content-Type'] = 'application/scim+json; charset=utf-8';
    const url = `${this.baseUrl}${request.path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const cause =
        error instanceof Error && error.cause instanceof Error
          ? error.cause.message
          : String(error);
      throw new Error(
        `cannot reach the directory at ${this.baseUrl} (${cause}); check --directory and that the server runs`,
      );
    }
    const text = await res.text();
    const retryAfter = Number(res.headers.get('retry-after'));
    const contentType = res.headers.get('content-type');
    return {
      status: res.status,
      body: parseBody(text),
      ...(contentType ? { contentType } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
}

function parseBody(text: string): JsonValue {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
