import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  getAboutWindowOptions,
  getChangePasswordWindowOptions,
  getPromptWindowOptions,
} from '../../src-main/tray/window-options.js';
import { contentSecurityPolicy } from '../../src-main/tray/content-security-policy.js';

const all = [getPromptWindowOptions, getChangePasswordWindowOptions, getAboutWindowOptions].map(
  (f) => f({ preloadPath: '/app/dist/preload.cjs', devTools: false }),
);

describe('window options', () => {
  it.each(all.map((o) => [o.title, o] as const))(
    '%s: every security setting explicit and safe',
    (_title, o) => {
      expect(o.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        devTools: false,
      });
      expect(o.show).toBe(false);
    },
  );

  it('each setting carries a one-line why in the source', () => {
    const source = readFileSync(
      new URL('../../src-main/tray/window-options.ts', import.meta.url),
      'utf8',
    );
    for (const key of Object.keys(all[0]!.webPreferences).filter(
      (k) => k !== 'preload' && k !== 'additionalArguments',
    )) {
      expect(source, key).toMatch(new RegExp(`//[^\\n]+\\n\\s+${key}:`));
    }
  });

  it('tells the preload which window it is', () => {
    expect(all.map((o) => o.webPreferences.additionalArguments)).toEqual([
      ['--lockstep-window-kind=prompt'],
      ['--lockstep-window-kind=change-password'],
      ['--lockstep-window-kind=about'],
    ]);
  });
});

describe('content security policy', () => {
  it('allows only our own files: no inline script, no eval, no frames, no plugins', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('names the web shell WebSocket explicitly', () => {
    expect(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4000'] })).toContain(
      "connect-src 'self' ws://127.0.0.1:4000",
    );
  });
});
