/**
 * Runscope's declarative assertions: a `source` (status, JSON body, time…), an optional
 * `property` path such as `Resources[0].name.familyName`, a `comparison` and an expected value
 * (always a string in the export). A comparison this runner does not know fails the assertion,
 * so a newer test file can never pass by being misunderstood.
 */
import type { RunscopeAssertion } from './runscope-export.js';

export interface RunscopeResponse {
  status: number;
  text: string;
  headers: Headers;
  timeMs: number;
}

export interface AssertionResult {
  description: string;
  passed: boolean;
  /** What was found, when the assertion failed. */
  actual?: string;
}

type Source = { ok: true; value: unknown } | { ok: false; reason: string };

export function evaluateAssertion(
  assertion: RunscopeAssertion,
  expected: string | null,
  response: RunscopeResponse,
): AssertionResult {
  const property = assertion.property ?? '';
  const description = [
    assertion.source,
    property,
    assertion.comparison,
    expected === null ? '' : JSON.stringify(expected),
  ]
    .filter((part) => part !== '')
    .join(' ');
  const source = readSource(assertion.source, property, response);
  if (!source.ok) return { description, passed: false, actual: source.reason };
  const compare = comparisons[assertion.comparison];
  if (!compare)
    return {
      description,
      passed: false,
      actual: `comparison "${assertion.comparison}" is not supported by this runner`,
    };
  const passed = compare(source.value, expected ?? '');
  return passed ? { description, passed } : { description, passed, actual: show(source.value) };
}

/** Reads `Resources[0].emails[0].value`-style paths; undefined when any step is missing. */
export function readProperty(value: unknown, path: string): unknown {
  const parts = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  let current: unknown = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

export function readSource(source: string, property: string, response: RunscopeResponse): Source {
  switch (source) {
    case 'response_status':
      return { ok: true, value: response.status };
    case 'response_time':
      return { ok: true, value: response.timeMs };
    case 'response_text':
      return { ok: true, value: response.text };
    case 'response_headers':
      return { ok: true, value: response.headers.get(property) ?? undefined };
    case 'response_json': {
      let json: unknown;
      try {
        json = JSON.parse(response.text);
      } catch {
        return {
          ok: false,
          reason: `the response is not JSON: ${JSON.stringify(response.text.slice(0, 80))}`,
        };
      }
      return { ok: true, value: property === '' ? json : readProperty(json, property) };
    }
    default:
      return { ok: false, reason: `source "${source}" is not supported by this runner` };
  }
}

/** Runscope compares text: booleans and numbers by their printed form, objects as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? 'undefined';
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function asNumber(value: unknown): number {
  return typeof value === 'number'
    ? value
    : typeof value === 'string' && value.trim() !== ''
      ? Number(value)
      : NaN;
}

const comparisons: Record<string, (actual: unknown, expected: string) => boolean> = {
  equal: (a, e) => a !== undefined && asText(a) === e,
  not_equal: (a, e) => asText(a) !== e,
  empty: (a) => isEmpty(a),
  not_empty: (a) => !isEmpty(a),
  is_null: (a) => a === null,
  contains: (a, e) =>
    Array.isArray(a) ? a.some((v) => asText(v) === e) : a !== undefined && asText(a).includes(e),
  does_not_contain: (a, e) =>
    Array.isArray(a) ? !a.some((v) => asText(v) === e) : !asText(a).includes(e),
  has_key: (a, e) => typeof a === 'object' && a !== null && Object.hasOwn(a, e),
  has_value: (a, e) =>
    Array.isArray(a)
      ? a.some((v) => asText(v) === e)
      : typeof a === 'object' && a !== null && Object.values(a).some((v) => asText(v) === e),
  // Okta requires counts "as integers, not as strings": a numeric string is not a number here.
  is_a_number: (a) => typeof a === 'number' && Number.isFinite(a),
  equal_number: (a, e) => asNumber(a) === Number(e),
  is_less_than: (a, e) => asNumber(a) < Number(e),
  is_less_than_or_equal: (a, e) => asNumber(a) <= Number(e),
  is_greater_than: (a, e) => asNumber(a) > Number(e),
  is_greater_than_or_equal: (a, e) => asNumber(a) >= Number(e),
};

function show(value: unknown): string {
  const text = value === undefined ? 'nothing (the property is missing)' : asText(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
