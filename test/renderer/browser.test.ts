/**
 * The built page in real Chromium under a strict CSP header, driven by keyboard only through the
 * web-shell handshake: tray panel → prompt → wrong new password → success.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, makeStatus, TRAY } from './support/fixtures.js';
import { startFakeWebShell } from './support/fake-web-shell-server.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`browser.test: skipped, no Chromium at ${CHROMIUM}`);

const root = join(import.meta.dirname, '../..');
const TOKEN = 'web-shell-token-0123456789';
const OKTA = 'Okta-now-2025!';

describe.skipIf(!haveChromium)('renderer in Chromium via the web shell', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'lockstep-renderer-e2e-'));
  let browser: Browser;
  let shell: Awaited<ReturnType<typeof startFakeWebShell>>;
  const submitted: unknown[] = [];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [
      join(root, 'scripts/build-renderer.mjs'),
      '--outdir',
      outdir,
      '--no-typecheck',
    ]);
    shell = await startFakeWebShell(outdir, TOKEN, {
      'status:get': () =>
        makeStatus({ policy: { branding: { organization: 'Acme', helpUrl: null } } }),
      'tray:get': () => TRAY,
      'menu:click': (payload, push) => {
        if ((payload as { id: string }).id === 'update-password')
          push('window:open', { kind: 'prompt' });
        return { ok: true };
      },
      'prompt:submit': (payload) => {
        submitted.push(payload);
        return (payload as { newPassword: string }).newPassword === OKTA
          ? {
              ok: true,
              message: '',
              hint: 'If this Mac is offline at start-up, FileVault still asks for your previous password once.',
            }
          : failure('new-password-mismatch', { field: 'newPassword' });
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    rmSync(outdir, { recursive: true, force: true });
  });

  async function openPage(colorScheme: 'light' | 'dark') {
    const page = await browser.newPage({ colorScheme });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective}`),
      );
    });
    await page.goto(`${shell.origin}/#token=${TOKEN}`);
    return { page, problems };
  }

  const focusedName = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      const label = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent : null;
      return el?.getAttribute('aria-label') ?? label ?? el?.textContent ?? '';
    });

  async function tabTo(page: Page, name: string) {
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      if ((await focusedName(page)) === name) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('runs the prompt flow by keyboard alone with no CSP violation or console error', async () => {
    const { page, problems } = await openPage('light');
    await page.getByText('Action needed').waitFor();
    await tabTo(page, 'Update password…');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Update your device password' }).waitFor();
    expect(await focusedName(page)).toBe('Update your device password');
    expect(await page.getByText('Your Acme password was changed').count()).toBe(1);

    await tabTo(page, 'New password');
    await page.keyboard.type('typo-password');
    await tabTo(page, 'Previous password');
    await page.keyboard.type('device-old-pw');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(
      /doesn’t match your current Okta password/,
    );
    expect(await focusedName(page)).toBe('New password');
    expect(await page.getByLabel('Previous password', { exact: true }).inputValue()).toBe('');

    await page.keyboard.type(OKTA);
    await tabTo(page, 'Previous password');
    await page.keyboard.type('device-old-pw');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'This device now uses your Okta password' }).waitFor();
    expect(await page.getByText(/FileVault still asks/).count()).toBe(1);
    expect(submitted).toEqual([
      { newPassword: 'typo-password', previousPassword: 'device-old-pw' },
      { newPassword: OKTA, previousPassword: 'device-old-pw' },
    ]);
    await page.screenshot({ path: join(outdir, 'prompt-light.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('follows the OS dark mode', async () => {
    const { page, problems } = await openPage('dark');
    await page.getByText('Action needed').waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 25, 29)');
    expect(problems).toEqual([]);
    await page.close();
  });
});
