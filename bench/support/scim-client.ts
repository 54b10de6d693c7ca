/**
 * The few SCIM calls benches make, as Okta makes them (bearer token, application/scim+json).
 */
import { request, Agent } from 'node:http';
import { wallNow } from './signed-http.js';

export interface ScimAnswer {
  status: number;
  body: Record<string, unknown>;
  sentAt: number;
  receivedAt: number;
}

export class ScimClient {
  private readonly url: URL;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(
    baseUrl: string,
    private readonly token: string,
  ) {
    this.url = new URL(baseUrl);
  }

  call(method: string, path: string, body?: unknown): Promise<ScimAnswer> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const sentAt = wallNow();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path: `/scim/v2${path}`,
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(text === undefined
              ? {}
              : {
                  'content-type': 'application/scim+json',
                  'content-length': Buffer.byteLength(text),
                }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown> = {};
            try {
              parsed = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
            } catch {
              parsed = { unparsable: raw.slice(0, 200) };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, sentAt, receivedAt: wallNow() });
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A User as Okta's import sends it. */
export function oktaUser(userName: string, password?: string): Record<string, unknown> {
  const local = userName.split('@')[0] ?? userName;
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: local, familyName: 'Bench' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${local} Bench`,
    locale: 'en-US',
    externalId: `00u${local}`,
    groups: [],
    ...(password === undefined ? {} : { password }),
    active: true,
  };
}

export const passwordPatch = (password: string) => ({
  schemas: [PATCH_SCHEMA],
  Operations: [{ op: 'replace', path: 'password', value: password }],
});
