/**
 * Runs @doyensec/electronegativity over src-main (its API: the bundled CLI breaks against the
 * project's newer commander) and fails on any finding not accepted, with a reason, in
 * electronegativity-allowlist.json. It also fails when an accepted finding no longer occurs, so the
 * list cannot rot.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
type Issue = { id: string; file: string; location: { line: number } };
type Run = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Issue[]; errors: unknown[] }>;
const mod = createRequire(import.meta.url)('@doyensec/electronegativity') as Run | { default: Run };
const run = typeof mod === 'function' ? mod : mod.default;
const allowlist = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'electronegativity-allowlist.json'), 'utf8'),
) as {
  accepted: Array<{ id: string; file: string; reason: string }>;
};

describe('electronegativity over src-main', () => {
  it('finds nothing that is not accepted with a reason', { timeout: 120_000 }, async () => {
    const result = await run(
      { input: path.join(root, 'src-main'), isRelative: true, electronVersionOverride: '45.4.1' },
      false,
    );
    expect(result.errors).toEqual([]);
    const key = (i: { id: string; file: string }) => `${i.id} ${i.file}`;
    const accepted = new Set(allowlist.accepted.map(key));
    const unexpected = result.issues
      .filter((i) => !accepted.has(key(i)))
      .map((i) => `${key(i)}:${i.location.line}`);
    expect(unexpected).toEqual([]);
    const stale = [...accepted].filter((k) => !result.issues.some((i) => key(i) === k));
    expect(stale).toEqual([]);
    expect(allowlist.accepted.every((a) => a.reason.length > 40)).toBe(true);
  });
});
