/**
 * A man in the middle for one agent: wraps its real HTTP (createNodeFetch) and records every
 * request it sends as bytes, with the directory's answer. `tamperNext` alters the next matching
 * request on the wire, as an attacker between device and directory would.
 */
import {
  createNodeFetch,
  type FetchInit,
  type FetchLike,
} from '../../../src-main/agent/directory/node-fetch.js';

export interface TappedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  status: number | null;
  /** The directory's answer text (its error message on a refusal). */
  answer: string | null;
}

export interface RequestTap {
  fetch: FetchLike;
  requests: TappedRequest[];
  /** Rewrites the body of the next request whose path ends with `pathSuffix`, keeping its signature headers. */
  tamperNext(pathSuffix: string, rewrite: (body: string) => string): void;
}

export function createRequestTap(): RequestTap {
  const real = createNodeFetch();
  const requests: TappedRequest[] = [];
  let tamper: { suffix: string; rewrite: (body: string) => string } | null = null;
  const fetch: FetchLike = async (url, init: FetchInit) => {
    let body = init.body ?? '';
    if (tamper && new URL(url).pathname.endsWith(tamper.suffix)) {
      body = tamper.rewrite(body);
      tamper = null;
    }
    const entry: TappedRequest = {
      url,
      method: init.method,
      headers: { ...init.headers },
      body,
      status: null,
      answer: null,
    };
    requests.push(entry);
    const res = await real(url, { ...init, body });
    entry.status = res.status;
    entry.answer = await res.clone().text();
    return res;
  };
  return {
    fetch,
    requests,
    tamperNext(pathSuffix, rewrite) {
      tamper = { suffix: pathSuffix, rewrite };
    },
  };
}
