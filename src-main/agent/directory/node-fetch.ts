/**
 * A `fetch` for talking to the directory, built on node:http/https so a directory with a private
 * CA (self-signed) can be trusted through `ca` without touching process-wide settings. Returns a
 * standard `Response`; only what the agent uses (method, headers, string body, abort) is supported.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
/** The slice of `fetch` the agent needs; the global `fetch` satisfies it. */
export type FetchLike = (url: string, init: FetchInit) => Promise<Response>;

/** Directory answers are small; anything larger is refused rather than buffered. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

export function createNodeFetch(opts: { ca?: string } = {}): FetchLike {
  // One keep-alive pool per agent: long-polls and result posts reuse connections.
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true, ...(opts.ca ? { ca: opts.ca } : {}) });
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      if (!isHttps && target.protocol !== 'http:') {
        reject(new Error(`unsupported URL scheme ${target.protocol}; use https:// (or http:// for local testing)`));
        return;
      }
      const send = isHttps ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: init.method,
          headers: init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
          agent: isHttps ? httpsAgent : httpAgent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              res.destroy(new Error(`the directory's answer is larger than ${MAX_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const nullBody = status === 204 || status === 304;
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: toHeaders(res) }));
          });
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
}
