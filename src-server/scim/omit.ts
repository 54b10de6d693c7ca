/** A copy of `obj` without `keys` (for dropping read-only and write-only SCIM attributes). */
export function omit<T extends object, K extends string>(obj: T, keys: readonly K[]): Omit<T, K> {
  const out = { ...obj } as Record<string, unknown>;
  for (const k of keys) delete out[k];
  return out as Omit<T, K>;
}
