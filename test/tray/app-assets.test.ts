import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAppAsset } from '../../src-main/tray/app-assets.js';

const root = mkdtempSync(path.join(tmpdir(), 'lockstep-assets-'));
const bundle = path.join(root, 'renderer');
mkdirSync(bundle);
writeFileSync(path.join(bundle, 'index.html'), '<!doctype html>');
writeFileSync(path.join(bundle, 'app.js'), 'console.log(1)');
writeFileSync(path.join(root, 'secret.js'), 'outside');
symlinkSync(path.join(root, 'secret.js'), path.join(bundle, 'link.js'));

describe('app assets (lockstep://app/ and the web shell)', () => {
  it('serves index.html for / and files of the bundle with their type', async () => {
    expect(await readAppAsset(bundle, '/')).toMatchObject({
      status: 200,
      contentType: 'text/html; charset=utf-8',
    });
    expect(await readAppAsset(bundle, '/app.js')).toMatchObject({
      status: 200,
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it.each([
    '/../secret.js',
    '/%2e%2e/secret.js',
    '/..%2fsecret.js',
    '/link.js',
    '/missing.js',
    '/%E0%A4%A',
    '/index.html%00.js',
    '/app.exe',
  ])('refuses %s', async (p) => {
    expect((await readAppAsset(bundle, p)).status).toBe(404);
  });
});
