/**
 * The shape of one SCIM request and its answer, shared by the request builders, the client,
 * the printer and the tests.
 *
 * A request's `path` is relative to the SCIM base URL (`…/scim/v2`), exactly as Okta's
 * documentation writes it (`/Users?filter=…`), so printed output reads like Okta's own examples.
 */
import { SCIM_GROUP_SCHEMA } from '../src-shared/scim-group.js';
import { SCIM_PATCH_OP_SCHEMA } from '../src-shared/scim-messages.js';
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from '../src-shared/scim-user.js';

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ScimRequest {
  method: HttpMethod;
  path: string;
  body?: JsonObject;
  /**
   * Why the request is sent. `okta` requests are the ones Okta itself sends; `lookup` requests
   * stand in for state Okta keeps in its own database (the SCIM id it stored at create time),
   * which the simulator, holding no state, has to ask the directory for.
   */
  role: 'okta' | 'lookup';
}

export interface ScimResponse {
  status: number;
  /** The parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: JsonValue;
  contentType?: string;
  retryAfterSeconds?: number;
}

export interface ScimExchange {
  request: ScimRequest;
  response: ScimResponse;
}

/** The schema URIs the simulator writes, from the shared SCIM contracts. */
export const SCIM_SCHEMA = {
  user: SCIM_USER_SCHEMA,
  enterpriseUser: SCIM_ENTERPRISE_USER_SCHEMA,
  group: SCIM_GROUP_SCHEMA,
  patchOp: SCIM_PATCH_OP_SCHEMA,
} as const;

/** Turns `https://host/` or `https://host/scim/v2/` into the SCIM base URL `https://host/scim/v2`. */
export function scimBaseUrl(directoryUrl: string): string {
  let url: URL;
  try {
    url = new URL(directoryUrl);
  } catch {
    throw new Error(
      `--directory "${directoryUrl}" is not a URL; use e.g. https://lockstep.example.com or http://127.0.0.1:8080`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--directory "${directoryUrl}" must start with http:// or https://`);
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return base.endsWith('/scim/v2') ? base : `${base}/scim/v2`;
}
