/**
 * The app in real Electron through Playwright's _electron: the tray starts against a socket
 * bridge served by this test and follows the agent without opening any window by itself.
 * Needs an Electron binary (node_modules/electron/dist); without one it is skipped and says why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startBridgeServer } from '../../src-main/bridge/bridge-server.js';
import type { BridgeServer } from '../../src-main/bridge/bridge-server.js';
import { findElectronBinary } from '../../src-cli/tray/electron-binary.js';
import { silentLogger } from '../../src-shared/logger.js';
import { createFakeAgent, makeStatus } from './fakes.js';

const root = path.resolve(import.meta.dirname, '../..');
const binary = findElectronBinary();
if (!binary.ok) console.log(`Electron E2E skipped: ${binary.reason}`);

describe.skipIf(!binary.ok)('tray in real Electron (E2E)', () => {
  let bridge: BridgeServer | null = null;
  afterAll(async () => bridge?.close());

  it('starts against the agent bridge and opens no window on its own', async () => {
    const socketPath = path.join(mkdtempSync(path.join(tmpdir(), 'lockstep-e2e-')), 'u.sock');
    const agent = createFakeAgent(makeStatus({ pendingVersion: 2 }));
    bridge = await startBridgeServer({ socketPath, api: agent, logger: silentLogger });
    const app = await electron.launch({
      executablePath: binary.ok ? binary.path : '',
      args: [root, '--agent', `socket:${socketPath}`, '--no-sandbox'],
    });
    try {
      // The tray reached the agent over the bridge and follows it.
      await expect.poll(() => agent.calls.includes('getStatus'), { timeout: 20_000 }).toBe(true);
      // No window exists until the user clicks the notification or the menu (both native, so the
      // click itself is out of Playwright's reach); the pending change must not pop a window.
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
        0,
      );
      const fuses = await app.evaluate(({ app: a }) => a.isPackaged);
      expect(fuses).toBe(false);
    } finally {
      await app.close();
    }
  }, 60_000);
});
