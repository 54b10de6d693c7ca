/**
 * Numeric command-line flags for benches: `--agents 1000 --seconds 30`. Every flag has a default
 * that finishes in a few minutes on 2 cores; an unknown flag or a non-number is refused.
 */
import { parseArgs } from 'node:util';

export function numericFlags<T extends Record<string, number>>(
  defaults: T,
  argv = process.argv.slice(2),
): T {
  const options = Object.fromEntries(
    Object.keys(defaults).map((k) => [k, { type: 'string' as const }]),
  );
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const out: Record<string, number> = { ...defaults };
  for (const [k, v] of Object.entries(values)) {
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isFinite(n) || n < 0)
      throw new Error(`--${k} takes a non-negative number, got ${JSON.stringify(v)}`);
    out[k] = n;
  }
  return out as T;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
