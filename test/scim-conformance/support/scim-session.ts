/**
 * A recorded conversation with the directory: every exchange is kept so a suite can check what
 * Okta sent, in which order, and that no answer ever carried a password.
 */
import type { ScimClient } from '../../../src-okta-sim/scim-client.js';
import type {
  JsonObject,
  JsonValue,
  ScimExchange,
  ScimRequest,
} from '../../../src-okta-sim/scim-request.js';
import type { LiveDirectory } from './live-directory.js';

export class ScimSession {
  readonly exchanges: ScimExchange[] = [];
  readonly client: ScimClient;

  constructor(dir: LiveDirectory) {
    this.client = dir.client((e) => this.exchanges.push(e));
  }

  async send(request: ScimRequest): Promise<ScimExchange> {
    return this.client.send(request);
  }

  /** Sends and returns the JSON object body, failing with the directory's answer unless `status`. */
  async expect(request: ScimRequest, status: number): Promise<JsonObject> {
    const { response } = await this.send(request);
    if (response.status !== status) {
      throw new Error(
        `${request.method} ${request.path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return isObject(response.body) ? response.body : {};
  }

  /** The method and path of every exchange since `from`, e.g. `GET /Users?filter=…`. */
  trail(from = 0): string[] {
    return this.exchanges
      .slice(from)
      .map((e) => `${e.request.method} ${e.request.path.split('?')[0]}`);
  }
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every key path in a body whose name is `password` (answers must never carry one). */
export function passwordKeys(value: JsonValue, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => passwordKeys(v, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(/^password$/i.test(k) ? [`${path}.${k}`] : []),
    ...passwordKeys(v, `${path}.${k}`),
  ]);
}
