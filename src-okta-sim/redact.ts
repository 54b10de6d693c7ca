/**
 * Replaces every password in a SCIM body with `***` before anything is printed: `password`
 * attributes at any depth, and PATCH operations whose `path` is `password`.
 */
import type { JsonValue } from './scim-request.js';

export const REDACTED = '***';

export function redactPasswords(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactPasswords);
  if (typeof value !== 'object' || value === null) return value;
  const pathIsPassword =
    typeof value['path'] === 'string' && /^password$/i.test(value['path'].trim());
  const out: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) {
    if (/^password$/i.test(key) || (pathIsPassword && key === 'value')) out[key] = REDACTED;
    else out[key] = redactPasswords(inner);
  }
  return out;
}
