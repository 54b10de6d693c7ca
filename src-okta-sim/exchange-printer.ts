/**
 * How the simulator shows what it sent and what came back: a readable transcript for people,
 * or JSON records for `--json`. Passwords are always replaced by `***`.
 */
import { redactPasswords } from './redact.js';
import type { JsonObject, ScimExchange } from './scim-request.js';

export interface ExchangeRecord {
  role: 'okta' | 'lookup';
  request: { method: string; path: string; body?: JsonObject | undefined };
  response: { status: number; body: unknown };
}

export function toRecord(exchange: ScimExchange): ExchangeRecord {
  const { request, response } = exchange;
  return {
    role: request.role,
    request: {
      method: request.method,
      path: request.path,
      ...(request.body === undefined ? {} : { body: redactPasswords(request.body) as JsonObject }),
    },
    response: { status: response.status, body: redactPasswords(response.body) },
  };
}

/** The transcript of one exchange: `> METHOD path`, the body, `< status`, the body. */
export function formatExchange(exchange: ScimExchange): string {
  const record = toRecord(exchange);
  const note = record.role === 'lookup' ? '   (lookup: Okta keeps this id itself)' : '';
  const lines = [`> ${record.request.method} ${record.request.path}${note}`];
  if (record.request.body !== undefined)
    lines.push(indent(JSON.stringify(record.request.body, null, 2)));
  lines.push(`< ${record.response.status}`);
  if (record.response.body !== null) {
    const body = record.response.body;
    lines.push(indent(typeof body === 'string' ? body : JSON.stringify(body, null, 2)));
  }
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
