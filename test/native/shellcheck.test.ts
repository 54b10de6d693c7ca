/** shellcheck over every bash script (Linux and macOS), with the repo's .shellcheckrc. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsRoot } from './support/linux-platform.js';

const shellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
const skipReason =
  shellcheck.status === 0 ? null : 'shellcheck is not installed (apt-get install shellcheck)';
if (skipReason) console.warn(`skipped shellcheck: ${skipReason}`);

const scripts = ['linux', 'macos'].flatMap((os) => [
  ...readdirSync(path.join(scriptsRoot, os))
    .filter((f) => f.endsWith('.sh'))
    .map((f) => `${os}/${f}`),
  `${os}/lib/common.sh`,
]);

describe.skipIf(skipReason !== null)('shellcheck', () => {
  it('finds the scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(18);
  });

  it('reports a real problem (control)', () => {
    const result = spawnSync('shellcheck', ['-s', 'bash', '-'], {
      input: 'rm $1\n',
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
  });

  it.each(scripts)('%s is clean', (script) => {
    const result = spawnSync('shellcheck', ['--severity=style', script], {
      cwd: scriptsRoot,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(scripts.filter((s) => s.startsWith('macos/')))(
    '%s avoids bash 4+ features (macOS ships bash 3.2)',
    (script) => {
      const code = readFileSync(path.join(scriptsRoot, script), 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n');
      for (const feature of [
        /inherit_errexit/,
        /declare -A/,
        /\bmapfile\b|\breadarray\b/,
        /\$\{\w+(,,|\^\^)\}/,
        /&>>/,
        /\|&/,
        /\bcoproc\b/,
      ]) {
        expect(code).not.toMatch(feature);
      }
    },
  );
});
