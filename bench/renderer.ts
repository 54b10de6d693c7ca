/**
 * bench:renderer — the prompt window's bundle size (gzip) and its first paint in headless
 * Chromium. The page gets a fake `window.lockstep` (as the preload provides in Electron) whose
 * status has a pending password change, so it renders the prompt window, not the tray panel.
 *
 *   npm run bench:renderer -- --runs 10
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { projectRoot } from '../src-cli/version.js';
import { DEFAULT_POLICY } from '../src-shared/policy.js';
import type { AgentStatus } from '../src-shared/agent-api.js';
import { numericFlags } from './support/args.js';
import { percentile, report, round } from './support/report.js';
import { serveFolder } from './support/static-server.js';

const flags = numericFlags({ runs: 7 });
const dist = join(projectRoot(), 'dist', 'renderer');
const gzipKB =
  ['app.js', 'app.css', 'index.html'].reduce(
    (n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length,
    0,
  ) / 1024;

const status: AgentStatus = {
  agentVersion: '0.1.0',
  device: {
    deviceId: 'dev_bench',
    hostname: 'bench-laptop',
    directoryUrl: 'https://lockstep.example.com',
  },
  connection: { state: 'connected', lastCheckInAt: new Date().toISOString(), lastError: null },
  policy: DEFAULT_POLICY,
  account: {
    userId: 'u1',
    deviceUsername: 'jane',
    displayName: 'Jane Doe',
    state: 'active',
    appliedPasswordVersion: 1,
    pendingPasswordChange: { version: 2, changedAt: new Date().toISOString() },
  },
};

/**
 * Runs in the page before its scripts (kept as text: this package compiles without DOM types): the
 * preload's API, and a marker for when the prompt's two password fields are in the DOM.
 */
const pageSetup = (statusJson: string) => `
  window.lockstep = {
    windowKind: 'prompt',
    invoke: (channel) => Promise.resolve(channel === 'status:get' ? ${statusJson} : { ok: true }),
    on: () => () => undefined,
  };
  const observer = new MutationObserver(() => {
    if (document.querySelectorAll('input[type="password"]').length >= 2) {
      observer.disconnect();
      window.promptInDomAt = performance.now();
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
`;

interface PageGlobals {
  promptInDomAt?: number;
}

const site = await serveFolder(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-gpu',
  ],
});
try {
  const fcp: number[] = [];
  const prompt: number[] = [];
  let promptInFirstPaint = 0;
  for (let i = 0; i < flags.runs; i++) {
    const context = await browser.newContext({ viewport: { width: 460, height: 560 } });
    const page = await context.newPage();
    await page.addInitScript({ content: pageSetup(JSON.stringify(status)) });
    await page.goto(`${site.url}/index.html`);
    // Functions, not strings: the page's CSP forbids eval, and these run through the debugger protocol.
    await page.waitForFunction(
      () =>
        typeof (globalThis as unknown as PageGlobals).promptInDomAt === 'number' &&
        performance.getEntriesByName('first-contentful-paint').length > 0,
      undefined,
      { timeout: 10_000 },
    );
    const t = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      prompt: (globalThis as unknown as PageGlobals).promptInDomAt ?? NaN,
    }));
    fcp.push(t.fcp);
    prompt.push(t.prompt);
    // The first paint shows the prompt when its fields were in the DOM before that paint.
    if (t.prompt <= t.fcp) promptInFirstPaint++;
    await context.close();
  }
  const fcpMedian = percentile(fcp, 50);
  report(
    'renderer',
    [
      {
        name: 'bundle_gzip',
        value: round(gzipKB),
        unit: 'KB (app.js + app.css + index.html)',
        target: '≤ 250 KB',
        met: gzipKB <= 250,
      },
      { name: 'prompt_fields_in_dom_median', value: round(percentile(prompt, 50)), unit: 'ms' },
      {
        name: 'first_paint_shows_prompt',
        value: promptInFirstPaint,
        unit: `of ${flags.runs} loads`,
        target: `${flags.runs}`,
        met: promptInFirstPaint === flags.runs,
      },
      { name: 'first_contentful_paint_max', value: round(Math.max(...fcp)), unit: 'ms' },
      {
        name: 'first_contentful_paint_median',
        value: round(fcpMedian),
        unit: `ms (navigation start → first paint, ${flags.runs} cold loads)`,
        target: '≤ 300 ms',
        met: fcpMedian <= 300,
      },
    ],
    { ...flags, chromium: browser.version() },
  );
} finally {
  await browser.close();
  site.server.close();
}
