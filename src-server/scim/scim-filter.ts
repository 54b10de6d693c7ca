import { parse, Tester, type Filter } from 'scim2-parse-filter';
import { badRequest } from './scim-error.js';

const MAX_FILTER_LENGTH = 1000;
const MAX_FILTER_DEPTH = 20;

/** Parses a `filter` query; anything unparseable, too long or too deep is a 400, never a crash. */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw badRequest(
      `filter is ${text.length} characters long; the limit is ${MAX_FILTER_LENGTH}`,
      'invalidFilter',
    );
  }
  // The parser recurses on parentheses and brackets; refuse deep nesting before it can overflow.
  let depth = 0;
  for (const c of text) {
    if (c === '(' || c === '[') depth++;
    if (c === ')' || c === ']') depth--;
    if (depth > MAX_FILTER_DEPTH)
      throw badRequest(`filter nests deeper than ${MAX_FILTER_DEPTH} levels`, 'invalidFilter');
  }
  try {
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw badRequest(
      `filter ${JSON.stringify(text.slice(0, 100))} cannot be parsed (${reason.slice(0, 200)}); use e.g. userName eq "jane@example.com"`,
      'invalidFilter',
    );
  }
}

/** `userName eq "…"` — Okta's lookup before every create — answered from the index. */
export function userNameEquality(filter: Filter): string | null {
  if (filter.op !== 'eq' || !('attrPath' in filter) || !('compValue' in filter)) return null;
  const path = filter.attrPath
    .toLowerCase()
    .replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, '');
  return path === 'username' && typeof filter.compValue === 'string' ? filter.compValue : null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Filter evaluation with SCIM's comparison rules: strings compare case-insensitively
 * (caseExact is false for the attributes Okta filters on) and dates compare as instants.
 */
class ScimTester extends Tester {
  override eq(r: unknown, v: unknown): boolean {
    return typeof r === 'string' && typeof v === 'string'
      ? r.toLowerCase() === v.toLowerCase()
      : r === v;
  }
  override ne(r: unknown, v: unknown): boolean {
    return !this.eq(r, v);
  }
  override co(r: unknown, v: unknown): boolean {
    return typeof r === 'string' && typeof v === 'string'
      ? r.toLowerCase().includes(v.toLowerCase())
      : super.co(r, v as string | number | boolean | null);
  }
  override sw(r: unknown, v: unknown): boolean {
    return typeof r === 'string' && typeof v === 'string'
      ? r.toLowerCase().startsWith(v.toLowerCase())
      : false;
  }
  override ew(r: unknown, v: unknown): boolean {
    return typeof r === 'string' && typeof v === 'string'
      ? r.toLowerCase().endsWith(v.toLowerCase())
      : false;
  }
  override gt(r: unknown, v: unknown): boolean {
    return compare(r, v) > 0;
  }
  override ge(r: unknown, v: unknown): boolean {
    return compare(r, v) >= 0;
  }
  override lt(r: unknown, v: unknown): boolean {
    const c = compare(r, v);
    return !Number.isNaN(c) && c < 0;
  }
  override le(r: unknown, v: unknown): boolean {
    const c = compare(r, v);
    return !Number.isNaN(c) && c <= 0;
  }
}

function compare(r: unknown, v: unknown): number {
  if (typeof r === 'string' && typeof v === 'string') {
    if (ISO_DATE.test(r) && ISO_DATE.test(v)) return Date.parse(r) - Date.parse(v);
    return r.toLowerCase() < v.toLowerCase() ? -1 : r.toLowerCase() > v.toLowerCase() ? 1 : 0;
  }
  if (typeof r === 'number' && typeof v === 'number') return r - v;
  return NaN;
}

const tester = new ScimTester();

export function matches(resource: unknown, filter: Filter): boolean {
  return tester.test(resource, filter);
}
