import { badRequest } from './scim-error.js';

export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;

export interface ListQuery {
  filter: string | null;
  startIndex: number;
  count: number;
  attributes: string[] | null;
  excludedAttributes: string[];
}

/** Reads the list query string. startIndex below 1 means 1 and a negative count means 0 (RFC 7644 §3.4.2.4). */
export function parseListQuery(query: unknown): ListQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  return {
    filter: single(q, 'filter'),
    startIndex: Math.max(1, integer(q, 'startIndex') ?? 1),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, integer(q, 'count') ?? DEFAULT_PAGE_SIZE)),
    attributes: names(single(q, 'attributes')),
    excludedAttributes: names(single(q, 'excludedAttributes')) ?? [],
  };
}

function single(q: Record<string, unknown>, key: string): string | null {
  const entry = Object.entries(q).find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (entry === undefined) return null;
  if (typeof entry[1] !== 'string')
    throw badRequest(`query parameter "${key}" must be given once`, 'invalidSyntax');
  return entry[1];
}

function integer(q: Record<string, unknown>, key: string): number | null {
  const text = single(q, key);
  if (text === null || text.trim() === '') return null;
  if (!/^-?\d{1,9}$/.test(text.trim()))
    throw badRequest(
      `"${key}" must be an integer, got ${JSON.stringify(text.slice(0, 40))}`,
      'invalidValue',
    );
  return Number(text);
}

function names(text: string | null): string[] | null {
  if (text === null) return null;
  // "emails[type eq \"work\"]" selects the emails attribute.
  return text
    .split(',')
    .map((n) => n.trim().split(/[.[]/)[0]?.toLowerCase() ?? '')
    .filter((n) => n.length > 0);
}

const ALWAYS_RETURNED = ['id', 'schemas', 'meta'];

/** Applies `attributes` / `excludedAttributes` to a resource's top-level attributes. */
export function project<T extends object>(
  resource: T,
  query: Pick<ListQuery, 'attributes' | 'excludedAttributes'>,
): Partial<T> {
  const entries = Object.entries(resource).filter(([k]) => {
    const key = k.toLowerCase();
    if (ALWAYS_RETURNED.includes(key)) return true;
    if (query.attributes !== null) return query.attributes.includes(key);
    return !query.excludedAttributes.includes(key);
  });
  return Object.fromEntries(entries) as Partial<T>;
}
