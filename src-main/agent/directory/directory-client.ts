/**
 * The agent's side of the check-in protocol: signed JSON requests to the directory, every answer
 * validated with the shared schemas. Long-poll requests get a timeout longer than the wait the
 * directory may hold them for.
 */
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import {
  API_PREFIX,
  CheckinResponse,
  DevicePasswordChangeResponse,
  EnrollResponse,
  ResultsResponse,
  type CheckinRequest,
  type EnrollRequest,
  type ResultsRequest,
} from '../../../src-shared/checkin-protocol.js';
import { DirectoryError, errorFromNetwork, errorFromResponse } from './directory-error.js';
import type { FetchLike, FetchResponse } from './node-fetch.js';
import { signRequest } from './request-signer.js';

/** Extra time a request may take beyond the long-poll wait before it is abandoned. */
export const REQUEST_SLACK_MS = 15_000;

/** `directoryUrl` + an API path, keeping any path prefix the directory is mounted under. */
export function apiUrl(directoryUrl: string, path: string): URL {
  const base = directoryUrl.endsWith('/') ? directoryUrl : `${directoryUrl}/`;
  return new URL(`${API_PREFIX}${path}`.replace(/^\//, ''), base);
}

async function send<T>(
  fetchFn: FetchLike,
  url: URL,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
  schema: z.ZodType<T>,
  what: string,
  nowMs: () => number,
): Promise<T> {
  let res: FetchResponse;
  try {
    res = await fetchFn(url.href, init);
  } catch (error) {
    throw errorFromNetwork(error, what, url.origin);
  }
  if (!res.ok) throw await errorFromResponse(res, what, nowMs());
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DirectoryError(
      'bad-response',
      `${what}: the directory's answer is not JSON`,
      res.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'unknown';
    throw new DirectoryError(
      'bad-response',
      `${what}: the directory's answer does not match the protocol (${where})`,
      res.status,
    );
  }
  return parsed.data;
}

/** The one unsigned call: trade an enrollment token for a device id. */
export async function postEnrollment(
  fetchFn: FetchLike,
  directoryUrl: string,
  body: EnrollRequest,
  timeoutMs = 30_000,
): Promise<EnrollResponse> {
  const url = apiUrl(directoryUrl, '/devices/enroll');
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  };
  return send(fetchFn, url, init, EnrollResponse, 'enrollment', Date.now);
}

export interface DirectoryClientOptions {
  directoryUrl: string;
  deviceId: string;
  privateKey: KeyObject;
  fetch: FetchLike;
  now: () => number;
}

export class DirectoryClient {
  constructor(private readonly opts: DirectoryClientOptions) {}

  private async signed<T>(
    path: string,
    payload: unknown,
    schema: z.ZodType<T>,
    what: string,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<T> {
    const url = apiUrl(
      this.opts.directoryUrl,
      `/devices/${encodeURIComponent(this.opts.deviceId)}${path}`,
    );
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...signRequest({
        deviceId: this.opts.deviceId,
        privateKey: this.opts.privateKey,
        method: 'POST',
        pathWithQuery: url.pathname + url.search,
        body,
        nowMs: this.opts.now(),
      }),
    };
    const combined = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    return send(
      this.opts.fetch,
      url,
      { method: 'POST', headers, body, signal: combined },
      schema,
      what,
      this.opts.now,
    );
  }

  checkin(request: CheckinRequest, signal: AbortSignal): Promise<CheckinResponse> {
    const timeoutMs = request.waitSeconds * 1000 + REQUEST_SLACK_MS;
    return this.signed('/checkin', request, CheckinResponse, 'check-in', signal, timeoutMs);
  }

  async postResults(request: ResultsRequest, signal: AbortSignal): Promise<number> {
    const res = await this.signed(
      '/results',
      request,
      ResultsResponse,
      'reporting results',
      signal,
      REQUEST_SLACK_MS,
    );
    return res.recorded;
  }

  /** Self-service change; the new password travels only in this TLS body and is never logged. */
  async requestPasswordChange(
    userId: string,
    newPassword: string,
    signal: AbortSignal,
  ): Promise<number> {
    const res = await this.signed(
      '/password-change',
      { userId, newPassword },
      DevicePasswordChangeResponse,
      'password change',
      signal,
      REQUEST_SLACK_MS,
    );
    return res.passwordVersion;
  }
}
