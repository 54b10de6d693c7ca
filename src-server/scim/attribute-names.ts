import { z } from 'zod';
import { badRequest } from './scim-error.js';

/** Canonical attribute names of a resource, nested: `null` marks a leaf. */
export type AttributeShape = { readonly [canonical: string]: AttributeShape | null };

/** Reads the attribute names out of a zod object schema (through optional, nullable and arrays). */
export function shapeOf(schema: z.ZodType): AttributeShape | null {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else break;
  }
  if (!(s instanceof z.ZodObject)) return null;
  const out: Record<string, AttributeShape | null> = {};
  for (const [key, child] of Object.entries(s.shape as Record<string, z.ZodType>))
    out[key] = shapeOf(child);
  return out;
}

/**
 * Rewrites attribute names to their canonical spelling: SCIM attribute names are
 * case-insensitive (RFC 7643 §2.1), and clients send "Primary" or "DisplayName".
 * Unknown names are left alone (validation drops them); one name given twice is refused.
 */
export function canonicalize(value: unknown, shape: AttributeShape | null, path = ''): unknown {
  if (Array.isArray(value)) return value.map((v, i) => canonicalize(v, shape, `${path}[${i}]`));
  if (shape === null || value === null || typeof value !== 'object') return value;
  const lookup = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const canonical = lookup.get(key.toLowerCase()) ?? key;
    if (Object.hasOwn(out, canonical)) {
      throw badRequest(
        `attribute "${path}${canonical}" is given twice (names are case-insensitive); send it once`,
        'invalidSyntax',
      );
    }
    out[canonical] = canonicalize(child, shape[canonical] ?? null, `${path}${canonical}.`);
  }
  return out;
}

/** Finds the canonical spelling of a dotted attribute path ("name.GivenName" → "name.givenName"). */
export function canonicalPath(path: string, shape: AttributeShape): string | null {
  let current: AttributeShape | null = shape;
  const parts: string[] = [];
  // A URN prefix ends at the last ':' (e.g. the enterprise extension's "…:User:department").
  const colon = path.lastIndexOf(':');
  const segments =
    colon === -1 ? path.split('.') : [path.slice(0, colon), ...path.slice(colon + 1).split('.')];
  for (const seg of segments) {
    if (current === null) return null;
    const found: string | undefined = Object.keys(current).find(
      (k) => k.toLowerCase() === seg.toLowerCase(),
    );
    if (found === undefined) return null;
    parts.push(found);
    current = current[found] ?? null;
  }
  return colon === -1 ? parts.join('.') : `${parts[0]}:${parts.slice(1).join('.')}`;
}
