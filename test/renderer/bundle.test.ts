import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'lockstep-renderer-'));
let buildLog = '';

beforeAll(async () => {
  // A private out dir: other suites may be reading dist/renderer at the same time.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'scripts/build-renderer.mjs'), '--outdir', outdir, '--no-typecheck'],
    { cwd: root },
  );
  buildLog = stdout;
  console.log(buildLog.trim());
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const read = (name: string) => readFileSync(join(outdir, name), 'utf8');

describe('renderer bundle', () => {
  it('is one page, its script and its stylesheet', () => {
    expect(readdirSync(outdir).sort()).toEqual(['app.css', 'app.js', 'index.html']);
  });

  it('has no inline script, inline style or inline event handler, so a strict CSP holds', () => {
    const html = read('index.html');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/app\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('declares a CSP that forbids inline code and eval', () => {
    const csp =
      /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(read('index.html'))?.[1] ??
      '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('uses production React and ships no source map', () => {
    const js = read('app.js');
    expect(js).not.toContain('process.env.NODE_ENV');
    expect(js).not.toContain('Each child in a list should have a unique');
    expect(js).not.toContain('sourceMappingURL');
  });

  it('stays within 250 KB gzipped and says how big it is', () => {
    const total = /total\s+[\d.]+ KB\s+gzip\s+([\d.]+) KB/.exec(buildLog);
    expect(total).not.toBeNull();
    expect(Number(total?.[1])).toBeLessThanOrEqual(250);
    expect(statSync(join(outdir, 'app.js')).size).toBeGreaterThan(0);
  });

  it('sets no style attribute from React and no raw HTML anywhere in the renderer source', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (
          /\.tsx?$/.test(name) &&
          /\bstyle=\{|dangerouslySetInnerHTML|\beval\(|new Function/.test(
            readFileSync(path, 'utf8'),
          )
        ) {
          offenders.push(path);
        }
      }
    };
    walk(join(root, 'src-renderer'));
    expect(offenders).toEqual([]);
  });
});
