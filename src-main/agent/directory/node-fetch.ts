/**
 * A `fetch` for talking to the directory, built on node:http/https so a directory with a private
 * CA (self-signed) can be trusted through `ca` without touching process-wide settings. Only what
 * the agent uses (method, headers, string body, abort) is supported.
 *
 * It answers with its own small `FetchResponse`, not the global `Response`: the first `Response`
 * or `Headers` a process makes loads Node's whole fetch implementation (undici, and the llhttp
 * WebAssembly it compiles), about 5 MB of resident memory in a service that otherwise needs none
 * of it (and the service runs with WebAssembly off). The global `fetch` still satisfies `FetchLike`.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
/** The slice of `Response` the agent reads; a global `Response` is one. */
export interface FetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  clone(): FetchResponse;
}
/** The slice of `fetch` the agent needs; the global `fetch` satisfies it. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Directory answers are small; anything larger is refused rather than buffered. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** A fully read answer. Header names are matched case-insensitively, as `Headers.get` does. */
class BufferedResponse implements FetchResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    private readonly rawHeaders: IncomingMessage['headers'],
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.headers = {
      get: (name) => {
        const value = rawHeaders[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  text(): Promise<string> {
    return Promise.resolve(this.body.toString('utf8'));
  }

  clone(): FetchResponse {
    return new BufferedResponse(this.status, this.rawHeaders, this.body);
  }
}

export function createNodeFetch(opts: { ca?: string } = {}): FetchLike {
  // One keep-alive pool per agent: long-polls and result posts reuse connections.
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true, ...(opts.ca ? { ca: opts.ca } : {}) });
  return (url, init) =>
    new Promise<FetchResponse>((resolve, reject) => {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      if (!isHttps && target.protocol !== 'http:') {
        reject(
          new Error(
            `unsupported URL scheme ${target.protocol}; use https:// (or http:// for local testing)`,
          ),
        );
        return;
      }
      const send = isHttps ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: init.method,
          headers:
            init.body === undefined
              ? init.headers
              : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
          agent: isHttps ? httpsAgent : httpAgent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              res.destroy(
                new Error(`the directory's answer is larger than ${MAX_RESPONSE_BYTES} bytes`),
              );
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            resolve(new BufferedResponse(status, res.headers, Buffer.concat(chunks)));
          });
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
}
