/**
 * What the simulator reads back from the directory, checked on receipt: a directory that
 * answers 2xx with a malformed body is reported with what was wrong, not a TypeError later.
 */
import { z } from 'zod';
import type { JsonObject, ScimExchange } from './scim-request.js';

const resourceSchema = z.looseObject({ id: z.string().min(1) });
const listResponseSchema = z.looseObject({
  totalResults: z.number().int().nonnegative(),
  Resources: z.array(resourceSchema).optional(),
});
const memberSchema = z.looseObject({ value: z.string() });
const groupSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string(),
  members: z.array(memberSchema).nullish(),
});
const errorSchema = z.looseObject({
  detail: z.string().optional(),
  status: z.union([z.string(), z.number()]).optional(),
});

/** A 2xx exchange whose body did not have the expected shape, or a non-2xx exchange. */
export class ScimStatusError extends Error {
  constructor(
    message: string,
    readonly exchange: ScimExchange,
  ) {
    super(message);
    this.name = 'ScimStatusError';
  }
}

/** Throws a one-line reason (method, path, status, the directory's `detail`) unless 2xx. */
export function expectSuccess(exchange: ScimExchange): ScimExchange {
  const { request, response } = exchange;
  if (response.status >= 200 && response.status < 300) return exchange;
  const parsed = errorSchema.safeParse(response.body);
  const detail =
    parsed.success && parsed.data.detail
      ? parsed.data.detail
      : typeof response.body === 'string'
        ? response.body.slice(0, 200)
        : 'no SCIM error detail in the answer';
  throw new ScimStatusError(
    `${request.method} ${request.path} answered ${response.status}: ${detail}`,
    exchange,
  );
}

export function readList(exchange: ScimExchange): {
  totalResults: number;
  resources: JsonObject[];
} {
  const data = parseOrThrow(
    listResponseSchema,
    exchange,
    'a SCIM ListResponse with an integer totalResults',
  );
  return { totalResults: data.totalResults, resources: (data.Resources ?? []) as JsonObject[] };
}

export function readResource(exchange: ScimExchange): JsonObject & { id: string } {
  return parseOrThrow(resourceSchema, exchange, 'a SCIM resource with an "id"') as JsonObject & {
    id: string;
  };
}

export function readGroup(exchange: ScimExchange): {
  id: string;
  displayName: string;
  memberIds: string[];
} {
  const data = parseOrThrow(groupSchema, exchange, 'a SCIM Group with "id" and "displayName"');
  return {
    id: data.id,
    displayName: data.displayName,
    memberIds: (data.members ?? []).map((m) => m.value),
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, exchange: ScimExchange, expected: string): T {
  const result = schema.safeParse(exchange.response.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new ScimStatusError(
    `${exchange.request.method} ${exchange.request.path} answered ${exchange.response.status} but not with ${expected}` +
      `${where}: ${issue?.message ?? 'invalid body'}`,
    exchange,
  );
}
