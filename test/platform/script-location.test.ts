import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveScriptsRoot } from '../../src-main/platform/script-location.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packaged = mkdtempSync(path.join(tmpdir(), 'lockstep-resources-'));

describe('resolveScriptsRoot', () => {
  afterAll(() => rmSync(packaged, { recursive: true, force: true }));

  it('finds native-scripts/ from the sources and from the build output alike', () => {
    expect(resolveScriptsRoot()).toBe(path.join(repo, 'native-scripts'));
    expect(resolveScriptsRoot({ startDir: path.join(repo, 'dist/src-main/platform') })).toBe(
      path.join(repo, 'native-scripts'),
    );
  });

  it("uses the packaged app's resources path when given one", () => {
    mkdirSync(path.join(packaged, 'native-scripts'));
    writeFileSync(path.join(packaged, 'native-scripts/README.md'), '');
    expect(resolveScriptsRoot({ resourcesPath: packaged })).toBe(
      path.join(packaged, 'native-scripts'),
    );
  });

  it('says what is missing and how to fix it', () => {
    expect(() => resolveScriptsRoot({ resourcesPath: path.join(packaged, 'nope') })).toThrow(
      /native scripts are missing from the packaged app.*extraResources/,
    );
    expect(() => resolveScriptsRoot({ startDir: '/' })).toThrow(
      'cannot find native-scripts/ above /; pass resourcesPath',
    );
  });
});
